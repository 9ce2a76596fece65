#include "ui/roundsview.h"

#include "ui/changeschart.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ferry {

namespace {

/// "3 found, 2 written, 1 conflict" for one direction of a round.
QString direction(const Detector::Outcome &found, const Applier::Outcome &applied)
{
    QStringList parts{RoundsView::tr("%n found", nullptr, found.opsSent),
                      RoundsView::tr("%n written", nullptr, applied.written)};
    // English has no translation file to pick its plural forms from.
    // Conflicts new in this direction: the other direction meets the same one and adds its change.
    if (applied.conflictsOpened > 0)
        parts << (applied.conflictsOpened == 1 ? RoundsView::tr("1 conflict")
                                               : RoundsView::tr("%n conflicts", nullptr, applied.conflictsOpened));
    if (applied.left.size() > 0)
        parts << RoundsView::tr("%n waiting", nullptr, int(applied.left.size()));
    return parts.join(QStringLiteral(", "));
}

} // namespace

RoundsView::RoundsView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_chart = new ChangesChart(this);
    layout->addWidget(m_chart);
    m_rounds = new QTableWidget(0, 4, this);
    layout->addWidget(m_rounds, 1);
    m_rounds->setObjectName(QStringLiteral("pairRounds"));
    m_rounds->setAccessibleName(tr("Rounds"));
    m_rounds->setHorizontalHeaderLabels({tr("Round"), tr("Finished"), tr("A to B"), tr("B to A")});
    m_rounds->horizontalHeader()->setStretchLastSection(true);
    m_rounds->verticalHeader()->hide();
    m_rounds->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rounds->setSelectionBehavior(QAbstractItemView::SelectRows);
}

void RoundsView::addRound(const SyncRound::Report &report, int round)
{
    m_chart->add({QDateTime::currentDateTime(), report.appliedOnB.written, report.appliedOnA.written,
                  report.appliedOnA.conflictsOpened + report.appliedOnB.conflictsOpened});
    m_rounds->insertRow(0);
    const QStringList cells{QString::number(round),
                            QLocale().toString(QDateTime::currentDateTime().time(), QLocale::ShortFormat),
                            direction(report.detectedA, report.appliedOnB),
                            report.error().isEmpty() ? direction(report.detectedB, report.appliedOnA) : report.error()};
    for (int column = 0; column < cells.size(); ++column)
        m_rounds->setItem(0, column, new QTableWidgetItem(cells.at(column)));
    m_rounds->resizeColumnsToContents();
}

} // namespace ferry
