#pragma once

#include "engine/pairstatus.h"

#include <QWidget>

#include <functional>
#include <optional>

class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace ferry {

class PairRunner;

/// A pair's Conflicts tab: its open conflicts (the same field changed differently on both sides),
/// the selected one's values side by side with the words that differ marked, and how to settle it:
/// one side's value, or a merged value the admin types. Settling goes through the pair's runner.
class ConflictsView : public QWidget {
    Q_OBJECT
public:
    explicit ConflictsView(PairRunner *runner, QWidget *parent = nullptr);

    /// The open conflicts as the state has them now; the selection stays on the same conflict.
    void showConflicts(const QList<OpenConflict> &conflicts);

    /// The merged value of a conflict (field, starting from side A's text; on one line, or over
    /// lines when the field's text runs over lines): a dialog, unless a test answers instead;
    /// nullopt cancels.
    using ValueAsker = std::function<std::optional<QString>(QWidget *parent, const QString &field, const QString &start,
                                                            bool lines)>;
    void setValueAsker(ValueAsker asker) { m_askValue = std::move(asker); }

private:
    /// The selected row, or -1.
    int selectedRow() const;
    void updateButtons();
    /// The selected conflict's three values side by side, each side's words that differ marked.
    void showDetail();
    /// Settles the selected conflict with a side's value.
    void take(Side side);
    /// Settles the selected conflict with a value the admin types.
    void mergeValue();

    PairRunner *m_runner;
    QTableWidget *m_table = nullptr;
    QTextBrowser *m_detail = nullptr;
    QPushButton *m_takeA = nullptr;
    QPushButton *m_takeB = nullptr;
    QPushButton *m_mergeValue = nullptr;
    ValueAsker m_askValue;
    QList<OpenConflict> m_conflicts; ///< as the table lists them
};

} // namespace ferry
