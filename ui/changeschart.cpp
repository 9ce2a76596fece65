#include "ui/changeschart.h"

#include "ui/colours.h"

#include <QPainter>

#include <algorithm>

namespace ferry {

ChangesChart::ChangesChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("changesChart"));
    setAccessibleName(tr("Changes over recent rounds"));
    setAccessibleDescription(tr("No rounds yet."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ChangesChart::add(const Point &point)
{
    m_points.append(point);
    if (m_points.size() > capacity)
        m_points.removeFirst();
    int toB = 0, toA = 0, conflicts = 0;
    for (const Point &p : std::as_const(m_points)) {
        toB += p.toB;
        toA += p.toA;
        conflicts += p.conflicts;
    }
    setAccessibleDescription(
        tr("Over the last %n round(s): %1 changes written to B, %2 to A, %3 conflicts.", nullptr, int(m_points.size()))
            .arg(toB)
            .arg(toA)
            .arg(conflicts));
    update();
}

void ChangesChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &colours = palette();
    painter.fillRect(rect(), colours.color(QPalette::Base));
    painter.setPen(colours.color(QPalette::Mid));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));

    const QColor toB = colours.color(QPalette::Highlight);
    QColor toA = colours.color(QPalette::Highlight);
    toA.setAlphaF(0.45f);
    const QColor conflict = warningColour();
    int maximum = 1;
    for (const Point &point : std::as_const(m_points))
        maximum = std::max(maximum, point.total());

    // The legend and the scale, in the text colour.
    const QFontMetrics metrics(font());
    const int line = metrics.height();
    int x = 6;
    for (const auto &[colour, label] :
         {std::pair{toB, tr("to B")}, std::pair{toA, tr("to A")}, std::pair{conflict, tr("conflicts")}}) {
        painter.fillRect(QRect(x, 6 + line / 4, line / 2, line / 2), colour);
        x += line / 2 + 4;
        painter.setPen(colours.color(QPalette::Text));
        painter.drawText(x, 6 + metrics.ascent(), label);
        x += metrics.horizontalAdvance(label) + 12;
    }
    const QString scale = tr("max %1 per round").arg(maximum);
    painter.drawText(width() - metrics.horizontalAdvance(scale) - 6, 6 + metrics.ascent(), scale);

    const QRect plot(6, 10 + line, width() - 12, height() - 16 - line);
    const double barWidth = double(plot.width()) / capacity;
    const double unit = double(plot.height()) / maximum;
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        const Point &point = m_points.at(i);
        const double left = plot.right() - (m_points.size() - i) * barWidth;
        double bottom = plot.bottom();
        for (const auto &[count, colour] :
             {std::pair{point.toB, toB}, std::pair{point.toA, toA}, std::pair{point.conflicts, conflict}}) {
            if (count == 0)
                continue;
            const double h = std::max(1.0, count * unit);
            painter.fillRect(QRectF(left + 1, bottom - h, std::max(1.0, barWidth - 2), h), colour);
            bottom -= h;
        }
    }
    if (m_points.isEmpty()) {
        painter.setPen(colours.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("The changes of each round appear here."));
    }
}

} // namespace ferry
