#include "ui/logpane.h"

#include "core/logcategories.h"
#include "core/logsink.h"
#include "ui/logfiltermodel.h"
#include "ui/logmodel.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace ferry {

namespace {

QToolButton *makeButton(QWidget *parent, const QString &objectName, const QString &text, const QString &toolTip)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    return button;
}

} // namespace

LogPane::LogPane(LogSink *sink, QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(sink, this))
    , m_filter(new LogFilterModel(m_model, this))
    , m_chooseSavePath([](QWidget *owner, const QString &suggested) {
        return QFileDialog::getSaveFileName(owner, tr("Export Log"), suggested,
                                            tr("Log files (*.log *.txt);;All files (*)"));
    })
{
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Log entries"));
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true); // keeps scrolling cheap with 100,000 rows
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->setTextElideMode(Qt::ElideRight);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    const int charWidth = fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(LogModel::TimeColumn, charWidth * 14);
    header->resizeSection(LogModel::LevelColumn, charWidth * 10);
    header->resizeSection(LogModel::CategoryColumn, charWidth * 16);
    header->resizeSection(LogModel::PairColumn, charWidth * 14);
    header->resizeSection(LogModel::IssueColumn, charWidth * 12);

    auto *copy = new QAction(tr("Copy"), m_view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &LogPane::copySelection);
    m_view->addAction(copy);

    buildFilters();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addWidget(m_level);
    bar->addWidget(m_category);
    bar->addWidget(m_pair);
    bar->addWidget(m_text, 1);
    bar->addWidget(m_follow);
    auto *copyButton = makeButton(this, QStringLiteral("logCopy"), tr("Copy"), tr("Copy the selected entries"));
    connect(copyButton, &QToolButton::clicked, this, &LogPane::copySelection);
    bar->addWidget(copyButton);
    auto *exportButton
        = makeButton(this, QStringLiteral("logExport"), tr("Export…"), tr("Save the entries shown to a file"));
    connect(exportButton, &QToolButton::clicked, this, &LogPane::exportInteractively);
    bar->addWidget(exportButton);
    auto *clearButton = makeButton(this, QStringLiteral("logClear"), tr("Clear"),
                                   tr("Remove all entries from the pane (the log file keeps them)"));
    connect(clearButton, &QToolButton::clicked, m_model, &LogModel::clear);
    bar->addWidget(clearButton);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("logCount"));
    bar->addWidget(m_count);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_model, &LogModel::batchAppended, this, &LogPane::followTailIfWanted);
    connect(m_model, &LogModel::batchAppended, this, &LogPane::updateCountLabel);
    connect(m_model, &LogModel::modelReset, this, &LogPane::updateCountLabel);
    connect(m_model, &LogModel::pairsChanged, this, &LogPane::refreshPairChoices);
    connect(m_filter, &LogFilterModel::modelReset, this, [this] {
        updateCountLabel();
        followTailIfWanted();
    });
    // Scrolling up to read stops following the tail; scrolling back to the end resumes it.
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        QScrollBar *scroll = m_view->verticalScrollBar();
        QTimer::singleShot(0, this, [this, scroll] { m_follow->setChecked(scroll->value() == scroll->maximum()); });
    });
    updateCountLabel();
}

void LogPane::buildFilters()
{
    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("logLevelFilter"));
    m_level->setAccessibleName(tr("Minimum level"));
    m_level->setToolTip(tr("Show entries at this level and above"));
    m_level->addItem(tr("Debug and above"), static_cast<int>(LogLevel::Debug));
    m_level->addItem(tr("Info and above"), static_cast<int>(LogLevel::Info));
    m_level->addItem(tr("Warnings and errors"), static_cast<int>(LogLevel::Warning));
    m_level->addItem(tr("Errors only"), static_cast<int>(LogLevel::Critical));
    connect(m_level, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setMinimumLevel(static_cast<LogLevel>(m_level->currentData().toInt())); });
    m_filter->setMinimumLevel(static_cast<LogLevel>(m_level->currentData().toInt()));

    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("logCategoryFilter"));
    m_category->setAccessibleName(tr("Category"));
    m_category->addItem(tr("All categories"), QString());
    for (const QString &name : logCategoryNames())
        m_category->addItem(name, name);
    connect(m_category, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setCategory(m_category->currentData().toString()); });

    m_pair = new QComboBox(this);
    m_pair->setObjectName(QStringLiteral("logPairFilter"));
    m_pair->setAccessibleName(tr("Sync pair"));
    m_pair->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pair->addItem(tr("All pairs"), QString());
    connect(m_pair, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setPair(m_pair->currentData().toString()); });

    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("logTextFilter"));
    m_text->setAccessibleName(tr("Filter text"));
    m_text->setPlaceholderText(tr("Filter messages, issues, pairs…"));
    m_text->setClearButtonEnabled(true);
    // Re-filtering 100,000 rows per keystroke would lag typing; wait for a pause.
    m_textDebounce.setSingleShot(true);
    m_textDebounce.setInterval(150);
    connect(m_text, &QLineEdit::textChanged, &m_textDebounce, qOverload<>(&QTimer::start));
    connect(&m_textDebounce, &QTimer::timeout, this, [this] { m_filter->setText(m_text->text()); });

    m_follow = makeButton(this, QStringLiteral("logFollowTail"), tr("Follow"), tr("Keep the newest entry in view"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    connect(m_follow, &QToolButton::toggled, this, &LogPane::followTailIfWanted);
}

void LogPane::refreshPairChoices()
{
    const QString current = m_pair->currentData().toString();
    const QSignalBlocker blocker(m_pair);
    while (m_pair->count() > 1)
        m_pair->removeItem(1);
    for (const QString &pair : m_model->pairs())
        m_pair->addItem(pair, pair);
    const int index = m_pair->findData(current);
    m_pair->setCurrentIndex(qMax(0, index));
    if (index < 0)
        m_filter->setPair(QString());
}

void LogPane::updateCountLabel()
{
    const QLocale locale;
    m_count->setText(tr("%1 of %2").arg(locale.toString(m_filter->rowCount()), locale.toString(m_model->rowCount())));
}

void LogPane::followTailIfWanted()
{
    if (m_follow->isChecked())
        m_view->scrollToBottom();
}

void LogPane::showProblemsOnly()
{
    m_level->setCurrentIndex(m_level->findData(static_cast<int>(LogLevel::Warning)));
}

void LogPane::copySelection()
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    lines.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows))
        lines << formatLogLine(m_model->entry(m_filter->mapToSource(row).row()));
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

void LogPane::exportInteractively()
{
    QSettings settings;
    QString folder = uisettings::lastLogExportFolder.read(settings);
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested
        = folder + QStringLiteral("/ferry-log-") + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss") + u".log";
    const QString path = m_chooseSavePath(this, suggested);
    if (path.isEmpty())
        return;
    uisettings::lastLogExportFolder.write(settings, QFileInfo(path).absolutePath());
    exportTo(path);
}

bool LogPane::exportTo(const QString &path)
{
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    const int rows = m_filter->rowCount();
    for (int row = 0; ok && row < rows; ++row) {
        const LogEntry &entry = m_model->entry(m_filter->mapToSource(m_filter->index(row, 0)).row());
        ok = file.write((formatLogLine(entry) + u'\n').toUtf8()) >= 0;
    }
    ok = ok && file.commit();
    if (!ok) {
        const QString problem
            = tr("Could not export the log to %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
        qCWarning(lcUi).noquote() << problem;
        Q_EMIT statusMessage(problem);
        return false;
    }
    Q_EMIT statusMessage(
        tr("Exported %1 log entries to %2.").arg(QLocale().toString(rows), QDir::toNativeSeparators(path)));
    return true;
}

void LogPane::saveSettings(QSettings &settings) const
{
    uisettings::logColumns.write(settings, m_view->header()->saveState());
    uisettings::logFollowTail.write(settings, m_follow->isChecked());
    uisettings::logMinimumLevel.write(settings, m_level->currentData().toInt());
}

void LogPane::restoreSettings(const QSettings &settings)
{
    m_view->header()->restoreState(uisettings::logColumns.read(settings));
    m_follow->setChecked(uisettings::logFollowTail.read(settings));
    const int level = m_level->findData(uisettings::logMinimumLevel.read(settings));
    if (level >= 0)
        m_level->setCurrentIndex(level);
}

} // namespace ferry
