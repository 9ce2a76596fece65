#pragma once

#include "engine/syncround.h"

#include <QWidget>

class QTableWidget;

namespace ferry {

class ChangesChart;

/// A pair's Rounds tab: a chart of what each recent round wrote each way and the conflicts it met,
/// and a row per round, newest first.
class RoundsView : public QWidget {
    Q_OBJECT
public:
    explicit RoundsView(QWidget *parent = nullptr);

    void addRound(const SyncRound::Report &report, int round);

private:
    ChangesChart *m_chart = nullptr;
    QTableWidget *m_rounds = nullptr;
};

} // namespace ferry
