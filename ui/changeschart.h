#pragma once

#include <QDateTime>
#include <QList>
#include <QWidget>

namespace ferry {

/// A small bar chart of a pair's changes over its recent rounds: written to B, written to A,
/// and conflicts, one stacked bar per round, newest on the right. Colours come from the palette
/// (conflicts in the console's warning colour), so it reads in light and dark themes; its
/// accessible description says the same in words.
class ChangesChart : public QWidget {
    Q_OBJECT
public:
    struct Point {
        QDateTime when;
        int toB = 0;
        int toA = 0;
        int conflicts = 0;
        int total() const { return toB + toA + conflicts; }
    };
    static constexpr int capacity = 60; ///< rounds shown; older ones drop off the left

    explicit ChangesChart(QWidget *parent = nullptr);

    void add(const Point &point);
    const QList<Point> &points() const { return m_points; }

    QSize sizeHint() const override { return {480, 110}; }
    QSize minimumSizeHint() const override { return {200, 80}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Point> m_points;
};

} // namespace ferry
