#include "richtext/colors.h"

#include <QHash>

#include <algorithm>

namespace ferry::richtext {

namespace {

struct NamedColor {
    QStringView name;
    QStringView hex;
};

/// The colour names CSS defines, which Jira's wiki renderer passes on to the browser. Where two
/// names stand for one colour ("cyan", "aqua"), the one listed first is the one written.
constexpr NamedColor namedColors[] = {{u"cyan", u"#00ffff"},
                                      {u"darkgray", u"#a9a9a9"},
                                      {u"darkslategray", u"#2f4f4f"},
                                      {u"dimgray", u"#696969"},
                                      {u"gray", u"#808080"},
                                      {u"lightgray", u"#d3d3d3"},
                                      {u"lightslategray", u"#778899"},
                                      {u"magenta", u"#ff00ff"},
                                      {u"slategray", u"#708090"},
                                      {u"aliceblue", u"#f0f8ff"},
                                      {u"antiquewhite", u"#faebd7"},
                                      {u"aqua", u"#00ffff"},
                                      {u"aquamarine", u"#7fffd4"},
                                      {u"azure", u"#f0ffff"},
                                      {u"beige", u"#f5f5dc"},
                                      {u"bisque", u"#ffe4c4"},
                                      {u"black", u"#000000"},
                                      {u"blanchedalmond", u"#ffebcd"},
                                      {u"blue", u"#0000ff"},
                                      {u"blueviolet", u"#8a2be2"},
                                      {u"brown", u"#a52a2a"},
                                      {u"burlywood", u"#deb887"},
                                      {u"cadetblue", u"#5f9ea0"},
                                      {u"chartreuse", u"#7fff00"},
                                      {u"chocolate", u"#d2691e"},
                                      {u"coral", u"#ff7f50"},
                                      {u"cornflowerblue", u"#6495ed"},
                                      {u"cornsilk", u"#fff8dc"},
                                      {u"crimson", u"#dc143c"},
                                      {u"darkblue", u"#00008b"},
                                      {u"darkcyan", u"#008b8b"},
                                      {u"darkgoldenrod", u"#b8860b"},
                                      {u"darkgreen", u"#006400"},
                                      {u"darkgrey", u"#a9a9a9"},
                                      {u"darkkhaki", u"#bdb76b"},
                                      {u"darkmagenta", u"#8b008b"},
                                      {u"darkolivegreen", u"#556b2f"},
                                      {u"darkorange", u"#ff8c00"},
                                      {u"darkorchid", u"#9932cc"},
                                      {u"darkred", u"#8b0000"},
                                      {u"darksalmon", u"#e9967a"},
                                      {u"darkseagreen", u"#8fbc8f"},
                                      {u"darkslateblue", u"#483d8b"},
                                      {u"darkslategrey", u"#2f4f4f"},
                                      {u"darkturquoise", u"#00ced1"},
                                      {u"darkviolet", u"#9400d3"},
                                      {u"deeppink", u"#ff1493"},
                                      {u"deepskyblue", u"#00bfff"},
                                      {u"dimgrey", u"#696969"},
                                      {u"dodgerblue", u"#1e90ff"},
                                      {u"firebrick", u"#b22222"},
                                      {u"floralwhite", u"#fffaf0"},
                                      {u"forestgreen", u"#228b22"},
                                      {u"fuchsia", u"#ff00ff"},
                                      {u"gainsboro", u"#dcdcdc"},
                                      {u"ghostwhite", u"#f8f8ff"},
                                      {u"gold", u"#ffd700"},
                                      {u"goldenrod", u"#daa520"},
                                      {u"green", u"#008000"},
                                      {u"greenyellow", u"#adff2f"},
                                      {u"grey", u"#808080"},
                                      {u"honeydew", u"#f0fff0"},
                                      {u"hotpink", u"#ff69b4"},
                                      {u"indianred", u"#cd5c5c"},
                                      {u"indigo", u"#4b0082"},
                                      {u"ivory", u"#fffff0"},
                                      {u"khaki", u"#f0e68c"},
                                      {u"lavender", u"#e6e6fa"},
                                      {u"lavenderblush", u"#fff0f5"},
                                      {u"lawngreen", u"#7cfc00"},
                                      {u"lemonchiffon", u"#fffacd"},
                                      {u"lightblue", u"#add8e6"},
                                      {u"lightcoral", u"#f08080"},
                                      {u"lightcyan", u"#e0ffff"},
                                      {u"lightgoldenrodyellow", u"#fafad2"},
                                      {u"lightgreen", u"#90ee90"},
                                      {u"lightgrey", u"#d3d3d3"},
                                      {u"lightpink", u"#ffb6c1"},
                                      {u"lightsalmon", u"#ffa07a"},
                                      {u"lightseagreen", u"#20b2aa"},
                                      {u"lightskyblue", u"#87cefa"},
                                      {u"lightslategrey", u"#778899"},
                                      {u"lightsteelblue", u"#b0c4de"},
                                      {u"lightyellow", u"#ffffe0"},
                                      {u"lime", u"#00ff00"},
                                      {u"limegreen", u"#32cd32"},
                                      {u"linen", u"#faf0e6"},
                                      {u"maroon", u"#800000"},
                                      {u"mediumaquamarine", u"#66cdaa"},
                                      {u"mediumblue", u"#0000cd"},
                                      {u"mediumorchid", u"#ba55d3"},
                                      {u"mediumpurple", u"#9370db"},
                                      {u"mediumseagreen", u"#3cb371"},
                                      {u"mediumslateblue", u"#7b68ee"},
                                      {u"mediumspringgreen", u"#00fa9a"},
                                      {u"mediumturquoise", u"#48d1cc"},
                                      {u"mediumvioletred", u"#c71585"},
                                      {u"midnightblue", u"#191970"},
                                      {u"mintcream", u"#f5fffa"},
                                      {u"mistyrose", u"#ffe4e1"},
                                      {u"moccasin", u"#ffe4b5"},
                                      {u"navajowhite", u"#ffdead"},
                                      {u"navy", u"#000080"},
                                      {u"oldlace", u"#fdf5e6"},
                                      {u"olive", u"#808000"},
                                      {u"olivedrab", u"#6b8e23"},
                                      {u"orange", u"#ffa500"},
                                      {u"orangered", u"#ff4500"},
                                      {u"orchid", u"#da70d6"},
                                      {u"palegoldenrod", u"#eee8aa"},
                                      {u"palegreen", u"#98fb98"},
                                      {u"paleturquoise", u"#afeeee"},
                                      {u"palevioletred", u"#db7093"},
                                      {u"papayawhip", u"#ffefd5"},
                                      {u"peachpuff", u"#ffdab9"},
                                      {u"peru", u"#cd853f"},
                                      {u"pink", u"#ffc0cb"},
                                      {u"plum", u"#dda0dd"},
                                      {u"powderblue", u"#b0e0e6"},
                                      {u"purple", u"#800080"},
                                      {u"red", u"#ff0000"},
                                      {u"rosybrown", u"#bc8f8f"},
                                      {u"royalblue", u"#4169e1"},
                                      {u"saddlebrown", u"#8b4513"},
                                      {u"salmon", u"#fa8072"},
                                      {u"sandybrown", u"#f4a460"},
                                      {u"seagreen", u"#2e8b57"},
                                      {u"seashell", u"#fff5ee"},
                                      {u"sienna", u"#a0522d"},
                                      {u"silver", u"#c0c0c0"},
                                      {u"skyblue", u"#87ceeb"},
                                      {u"slateblue", u"#6a5acd"},
                                      {u"slategrey", u"#708090"},
                                      {u"snow", u"#fffafa"},
                                      {u"springgreen", u"#00ff7f"},
                                      {u"steelblue", u"#4682b4"},
                                      {u"tan", u"#d2b48c"},
                                      {u"teal", u"#008080"},
                                      {u"thistle", u"#d8bfd8"},
                                      {u"tomato", u"#ff6347"},
                                      {u"turquoise", u"#40e0d0"},
                                      {u"violet", u"#ee82ee"},
                                      {u"wheat", u"#f5deb3"},
                                      {u"white", u"#ffffff"},
                                      {u"whitesmoke", u"#f5f5f5"},
                                      {u"yellow", u"#ffff00"},
                                      {u"yellowgreen", u"#9acd32"}};

const QHash<QString, QString> &hexByName()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> byName;
        for (const NamedColor &color : namedColors)
            byName.insert(color.name.toString(), color.hex.toString());
        return byName;
    }();
    return table;
}

const QHash<QString, QString> &nameByHex()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> byHex;
        for (const NamedColor &color : namedColors) {
            if (!byHex.contains(color.hex.toString()))
                byHex.insert(color.hex.toString(), color.name.toString());
        }
        return byHex;
    }();
    return table;
}

bool isHexDigits(QStringView digits)
{
    return std::all_of(digits.begin(), digits.end(),
                       [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
}

} // namespace

std::optional<QString> textColorHex(const QString &nameOrHex)
{
    const QString value = nameOrHex.trimmed().toLower();
    if (value.startsWith(u'#')) {
        const QStringView digits = QStringView(value).mid(1);
        if (!isHexDigits(digits))
            return std::nullopt;
        if (digits.size() == 6)
            return value;
        if (digits.size() == 3) // #rgb is #rrggbb with each digit twice
            return QStringLiteral("#%1%1%2%2%3%3").arg(digits.at(0)).arg(digits.at(1)).arg(digits.at(2));
        return std::nullopt;
    }
    const auto named = hexByName().constFind(value);
    if (named == hexByName().constEnd())
        return std::nullopt;
    return *named;
}

QString wikiColorName(const QString &hex)
{
    return nameByHex().value(hex.toLower(), hex.toLower());
}

} // namespace ferry::richtext
