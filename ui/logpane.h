#pragma once

#include <QTimer>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QToolButton;
class QTreeView;

namespace ferry {

class LogFilterModel;
class LogModel;
class LogSink;

/// The log pane: the entries of a LogSink in a table, with filters by level, category,
/// sync pair and free text, tail following, copy, export and clear.
class LogPane : public QWidget {
    Q_OBJECT
public:
    /// Asks where to save an export; returns an empty string when the user cancels.
    using SavePathChooser = std::function<QString(QWidget *parent, const QString &suggestedPath)>;

    explicit LogPane(LogSink *sink, QWidget *parent = nullptr);

    LogModel *model() const { return m_model; }
    LogFilterModel *filterModel() const { return m_filter; }

    /// Writes the rows that pass the filters to path, one formatted line each.
    bool exportTo(const QString &path);
    /// Replaces the file dialog used by "Export…" (tests use this seam).
    void setSavePathChooser(SavePathChooser chooser) { m_chooseSavePath = std::move(chooser); }

    void showProblemsOnly();
    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

public Q_SLOTS:
    void exportInteractively();
    void copySelection();

Q_SIGNALS:
    /// A short result for the status bar ("Exported 1,200 entries to …").
    void statusMessage(const QString &message);

private:
    void buildFilters();
    void refreshPairChoices();
    void updateCountLabel();
    void followTailIfWanted();

    LogModel *m_model;
    LogFilterModel *m_filter;
    QComboBox *m_level = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_pair = nullptr;
    QLineEdit *m_text = nullptr;
    QToolButton *m_follow = nullptr;
    QLabel *m_count = nullptr;
    QTreeView *m_view = nullptr;
    QTimer m_textDebounce;
    SavePathChooser m_chooseSavePath;
};

} // namespace ferry
