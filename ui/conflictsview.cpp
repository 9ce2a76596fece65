#include "ui/conflictsview.h"

#include "engine/pairrunner.h"
#include "ui/conflictdiff.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ferry {

ConflictsView::ConflictsView(PairRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
{
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("The same field changed to different values on both sides; pick the value "
                                "that wins:"),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("pairConflictTable"));
    m_table->setAccessibleName(tr("Open conflicts"));
    m_table->setHorizontalHeaderLabels(
        {tr("#"), tr("Issues"), tr("Field"), tr("Agreed before"), tr("Side A"), tr("Side B")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_table, 1);
    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("conflictDetail"));
    m_detail->setAccessibleName(tr("The selected conflict's values"));
    m_detail->setPlaceholderText(tr("Select a conflict to see its values side by side."));
    layout->addWidget(m_detail, 1);
    auto *settle = new QHBoxLayout;
    m_takeA = new QPushButton(tr("Take Side &A's Value"), this);
    m_takeA->setObjectName(QStringLiteral("takeA"));
    m_takeB = new QPushButton(tr("Take Side &B's Value"), this);
    m_takeB->setObjectName(QStringLiteral("takeB"));
    m_mergeValue = new QPushButton(tr("&Edit a Merged Value…"), this);
    m_mergeValue->setObjectName(QStringLiteral("mergeValue"));
    m_mergeValue->setToolTip(tr("Write a value of your own (a text field's words from both sides) on both sides"));
    settle->addWidget(m_takeA);
    settle->addWidget(m_takeB);
    settle->addWidget(m_mergeValue);
    settle->addStretch();
    layout->addLayout(settle);

    m_askValue
        = [](QWidget *dialogParent, const QString &field, const QString &start, bool lines) -> std::optional<QString> {
        bool ok = false;
        const QString caption = tr("Merged Value");
        const QString label = tr("The value of %1 to write on both sides:").arg(field);
        const QString text = lines ? QInputDialog::getMultiLineText(dialogParent, caption, label, start, &ok)
                                   : QInputDialog::getText(dialogParent, caption, label, QLineEdit::Normal, start, &ok);
        return ok ? std::optional(text) : std::nullopt;
    };
    connect(m_takeA, &QPushButton::clicked, this, [this] { take(Side::A); });
    connect(m_takeB, &QPushButton::clicked, this, [this] { take(Side::B); });
    connect(m_mergeValue, &QPushButton::clicked, this, &ConflictsView::mergeValue);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConflictsView::updateButtons);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConflictsView::showDetail);
    updateButtons();
}

int ConflictsView::selectedRow() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    const int row = selected.isEmpty() ? -1 : selected.first()->row();
    return row < m_conflicts.size() ? row : -1;
}

void ConflictsView::updateButtons()
{
    const int row = selectedRow();
    m_takeA->setEnabled(row >= 0);
    m_takeB->setEnabled(row >= 0);
    m_mergeValue->setEnabled(row >= 0 && m_conflicts.at(row).conflict.takesTypedValue());
}

void ConflictsView::showDetail()
{
    const int row = selectedRow();
    if (row < 0) {
        m_detail->clear();
        return;
    }
    const auto &[conflict, aKey, bKey] = m_conflicts.at(row);
    const QString base = conflictdiff::readable(conflict.base);
    // Qt's rich text has no <ins>/<del>: marked words get a background, dropped ones a strike.
    const auto marked = [&](const QJsonValue &value) {
        return conflictdiff::wordDiffHtml(base, conflictdiff::readable(value))
            .replace(QStringLiteral("<ins>"),
                     QStringLiteral("<span style=\"background-color:#b7e4c7; color:#000000\">"))
            .replace(QStringLiteral("</ins>"), QStringLiteral("</span>"))
            .replace(QStringLiteral("<del>"), QStringLiteral("<s style=\"color:#a33a3a\">"))
            .replace(QStringLiteral("</del>"), QStringLiteral("</s>"));
    };
    const QString empty = tr("(empty)");
    m_detail->setHtml(
        QStringLiteral("<p><b>%1</b></p><table width=\"100%\" cellspacing=\"6\"><tr><th align=\"left\">%2</th>"
                       "<th align=\"left\">%3</th><th align=\"left\">%4</th></tr><tr><td valign=\"top\">%5</td>"
                       "<td valign=\"top\">%6</td><td valign=\"top\">%7</td></tr></table>")
            .arg(tr("%1 of %2 ⇄ %3").arg(conflict.field, aKey, bKey).toHtmlEscaped(), tr("Agreed before"),
                 tr("Side A (%1)").arg(aKey).toHtmlEscaped(), tr("Side B (%1)").arg(bKey).toHtmlEscaped(),
                 base.isEmpty() ? empty : base.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")),
                 conflict.aValue.isNull() ? empty : marked(conflict.aValue),
                 conflict.bValue.isNull() ? empty : marked(conflict.bValue)));
}

void ConflictsView::showConflicts(const QList<OpenConflict> &conflicts)
{
    m_conflicts = conflicts;
    const QString selected = m_table->selectedItems().isEmpty()
        ? QString()
        : m_table->item(m_table->selectedItems().first()->row(), 0)->text();
    m_table->setRowCount(0);
    for (const auto &[conflict, aKey, bKey] : conflicts) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{
            QString::number(conflict.id), tr("%1 ⇄ %2").arg(aKey, bKey), conflict.field,
            valueAsLine(conflict.base),   valueAsLine(conflict.aValue),  valueAsLine(conflict.bValue)};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        if (cells.first() == selected)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
}

void ConflictsView::take(Side side)
{
    if (const int row = selectedRow(); row >= 0)
        m_runner->resolveConflict(m_conflicts.at(row).conflict.id, side);
}

void ConflictsView::mergeValue()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    // A copy: rounds refresh the list while the dialog is open, and the conflict is settled by its id.
    const ConflictRepository::Conflict conflict = m_conflicts.at(row).conflict;
    const std::optional<QString> value
        = m_askValue(this, conflict.field, conflict.aValue.toString(), conflict.takesLines());
    if (value)
        m_runner->resolveConflictWith(conflict.id, *value);
}

} // namespace ferry
