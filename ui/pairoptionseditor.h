#pragma once

#include "core/pairconfig.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ferry {

/// The options of a pair's configuration: how comments, attachments, worklogs and links travel,
/// what is created on demand, how conflicts are settled, and how often the sites are asked.
/// Used by the pair wizard and the pair editor alike.
class PairOptionsEditor : public QWidget {
    Q_OBJECT
public:
    explicit PairOptionsEditor(QWidget *parent = nullptr);

    void setConfig(const PairConfig &config);
    /// Writes the options into config (the rest of it stays).
    void apply(PairConfig *config) const;
    /// What Read Key Map… asks for the file (a file dialog by default; tests answer themselves).
    void setKeyMapChooser(std::function<QString()> choose) { m_chooseKeyMap = std::move(choose); }

Q_SIGNALS:
    void edited();

private:
    /// The controls every part of a work item has: whether it travels, which way, and deletions.
    struct ItemControls {
        QCheckBox *sync = nullptr;
        QComboBox *direction = nullptr;
        QCheckBox *deletions = nullptr;
    };
    ItemControls addItemControls(QFormLayout *form, const QString &part, const QString &objectPrefix);
    static void show(const ItemControls &controls, const ItemOptions &options);
    static void read(const ItemControls &controls, ItemOptions *options);
    /// The match rule's controls follow the way issues on both sides are matched.
    void showMatchWay();
    void readKeyMap();

    ItemControls m_comments;
    QComboBox *m_restricted;
    QComboBox *m_internalNotes;
    ItemControls m_attachments;
    QSpinBox *m_maxSize;
    QComboBox *m_filter;
    QLineEdit *m_types;
    QLineEdit *m_names;
    ItemControls m_worklogs;
    QComboBox *m_estimate;
    ItemControls m_links;
    QComboBox *m_outsideLinks;
    QCheckBox *m_createVersions;
    QCheckBox *m_createComponents;
    QCheckBox *m_syncVersions;
    QComboBox *m_policy;
    QSpinBox *m_interval;
    QSpinBox *m_retention;
    QComboBox *m_matchBy;
    QLineEdit *m_matchFieldA;
    QLineEdit *m_matchFieldB;
    QPushButton *m_readKeyMap;
    QLabel *m_keyMapState;
    QComboBox *m_prefer;
    QHash<QString, QString> m_keys; ///< the key map read last
    std::function<QString()> m_chooseKeyMap;
};

} // namespace ferry
