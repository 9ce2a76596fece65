#include "core/merge.h"

#include <QJsonArray>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;
using Action = MergeDecision::Action;

Q_DECLARE_METATYPE(ferry::FieldShape)
Q_DECLARE_METATYPE(ferry::Direction)
Q_DECLARE_METATYPE(ferry::ConflictPolicy)
Q_DECLARE_METATYPE(ferry::MergeDecision::Action)

namespace {
QJsonArray set(std::initializer_list<const char *> items)
{
    QJsonArray out;
    for (const char *item : items)
        out.append(QString::fromLatin1(item));
    return out;
}
} // namespace

class TestMerge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decides_data();
    void decides();
};

void TestMerge::decides_data()
{
    QTest::addColumn<FieldShape>("shape");
    QTest::addColumn<QJsonValue>("base");
    QTest::addColumn<QJsonValue>("a");
    QTest::addColumn<QJsonValue>("b");
    QTest::addColumn<Direction>("direction");
    QTest::addColumn<ConflictPolicy>("policy");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QJsonValue>("value");
    const auto S = FieldShape::Scalar;
    const auto both = Direction::Both;
    const auto manual = ConflictPolicy::Manual;
    const QJsonValue x(u"x"_s), y(u"y"_s), z(u"z"_s), none(QJsonValue::Null);

    QTest::newRow("nothing changed") << S << x << x << x << both << manual << Action::Nothing << x;
    QTest::newRow("A changed") << S << x << y << x << both << manual << Action::WriteB << y;
    QTest::newRow("B changed") << S << x << x << y << both << manual << Action::WriteA << y;
    QTest::newRow("A cleared") << S << x << none << x << both << manual << Action::WriteB << none;
    QTest::newRow("absent equals null") << S << none << QJsonValue(QJsonValue::Undefined) << none << both << manual
                                        << Action::Nothing << none;
    QTest::newRow("same new value: no conflict") << S << x << y << y << both << manual << Action::Converged << y;
    QTest::newRow("different values, manual") << S << x << y << z << both << manual << Action::Conflict << QJsonValue();
    QTest::newRow("different values, A wins")
        << S << x << y << z << both << ConflictPolicy::AWins << Action::WriteB << y;
    QTest::newRow("different values, B wins")
        << S << x << y << z << both << ConflictPolicy::BWins << Action::WriteA << z;
    QTest::newRow("one way: B's change stays on B")
        << S << x << x << y << Direction::AToB << manual << Action::Nothing << x;
    QTest::newRow("one way: A overrides") << S << x << y << z << Direction::AToB << manual << Action::WriteB << y;
    QTest::newRow("other way: A's change stays on A")
        << S << x << y << x << Direction::BToA << manual << Action::Nothing << x;
    QTest::newRow("sets in another order are the same")
        << FieldShape::Set << QJsonValue(set({"a", "b"})) << QJsonValue(set({"b", "a"})) << QJsonValue(set({"a", "b"}))
        << both << manual << Action::Nothing << QJsonValue(set({"a", "b"}));
    QTest::newRow("sets merge as deltas")
        << FieldShape::Set << QJsonValue(set({"a", "b"})) << QJsonValue(set({"a", "b", "c"}))
        << QJsonValue(set({"b", "d"})) << both << manual << Action::WriteBoth << QJsonValue(set({"b", "c", "d"}));
    QTest::newRow("a merged set is in canonical order")
        << FieldShape::Set << QJsonValue(set({"m", "x"})) << QJsonValue(set({"m", "x", "z"}))
        << QJsonValue(set({"m", "x", "a"})) << both << manual << Action::WriteBoth
        << QJsonValue(set({"a", "m", "x", "z"}));
    QTest::newRow("a set removal on one side")
        << FieldShape::Set << QJsonValue(set({"a", "b"})) << QJsonValue(set({"a"})) << QJsonValue(set({"a", "b"}))
        << both << manual << Action::WriteB << QJsonValue(set({"a"}));
}

void TestMerge::decides()
{
    QFETCH(FieldShape, shape);
    QFETCH(QJsonValue, base);
    QFETCH(QJsonValue, a);
    QFETCH(QJsonValue, b);
    QFETCH(Direction, direction);
    QFETCH(ConflictPolicy, policy);
    QFETCH(Action, action);
    QFETCH(QJsonValue, value);
    const MergeDecision decision = mergeField({base, a, b, 0, 0}, shape, direction, policy);
    QCOMPARE(decision.action, action);
    if (action != Action::Conflict)
        QCOMPARE(decision.value, value);
    QVERIFY(action == Action::Nothing || !decision.reason.isEmpty());

    // The newest change wins under "newest", ties going to A on both sides alike.
    if (shape == FieldShape::Scalar && action == Action::Conflict) {
        QCOMPARE(mergeField({base, a, b, 100, 200}, shape, direction, ConflictPolicy::Newest).action, Action::WriteA);
        QCOMPARE(mergeField({base, a, b, 300, 200}, shape, direction, ConflictPolicy::Newest).action, Action::WriteB);
        QCOMPARE(mergeField({base, a, b, 200, 200}, shape, direction, ConflictPolicy::Newest).action, Action::WriteB);
    }
}

QTEST_GUILESS_MAIN(TestMerge)
#include "tst_merge.moc"
