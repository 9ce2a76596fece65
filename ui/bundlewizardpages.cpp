#include "ui/bundlewizardpages.h"

#include "engine/pairstatus.h"
#include "ui/colours.h"
#include "ui/mappingeditor.h"
#include "ui/pairoptionseditor.h"
#include "ui/pairwizard.h"
#include "ui/scrolling.h"
#include "ui/sitepanel.h"
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSvgWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace ferry {

namespace {

/// Whether this console starts a pair exchanged by files or answers the other console's handshake.
class RoleWizardPage : public QWizardPage {
public:
    explicit RoleWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_primary(new QRadioButton(PairWizard::tr("&Start the pair here: this console writes the handshake "
                                                    "(primary; it owns the configuration)"),
                                     this))
        , m_secondary(new QRadioButton(PairWizard::tr("&Answer a handshake the other console wrote (secondary)"), this))
    {
        setObjectName(QStringLiteral("rolePage"));
        setTitle(PairWizard::tr("Which console are you at?"));
        setSubTitle(PairWizard::tr("Each network runs its own console. One starts the pair with a handshake file "
                                   "and a one-time code; the other answers it; the first imports the answer."));
        m_primary->setObjectName(QStringLiteral("rolePrimary"));
        m_secondary->setObjectName(QStringLiteral("roleSecondary"));
        m_primary->setChecked(true);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_primary);
        layout->addWidget(m_secondary);
        layout->addStretch();
    }

    bool validatePage() override
    {
        m_wizard->setPrimary(m_primary->isChecked());
        return true;
    }

    int nextId() const override { return PairWizard::BundleSitePage; }

private:
    PairWizard *m_wizard;
    QRadioButton *m_primary;
    QRadioButton *m_secondary;
};

/// A file or folder chooser: a line edit with a Browse button.
QLineEdit *pathRow(PairWizard *wizard, QWidget *parent, QFormLayout *form, const QString &label,
                   const QString &objectName, const QString &title, PairWizard::FileKind kind)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(title);
    auto *browse = new QPushButton(PairWizard::tr("Browse…"), parent);
    browse->setObjectName(objectName + QStringLiteral("Browse"));
    browse->setAccessibleName(PairWizard::tr("Browse: %1").arg(title));
    QObject::connect(browse, &QPushButton::clicked, edit, [wizard, edit, title, kind] {
        const QString chosen = wizard->askFile(title, kind);
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    // The form cannot make a layout the buddy of its label: without one the '&' would show.
    auto *caption = new QLabel(label, parent);
    caption->setBuddy(edit);
    form->addRow(caption, row);
    return edit;
}

} // namespace

/// This console's site for a pair exchanged by files, the pair's name and side, and the folders
/// bundles are exchanged through.
class BundleSiteWizardPage : public QWizardPage {
public:
    BundleSiteWizardPage(PairWizard *wizard, const QString &stateDirectory)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_stateDirectory(stateDirectory)
        , m_name(new QLineEdit(this))
        , m_side(new QComboBox(this))
        , m_interval(new QSpinBox(this))
    {
        setObjectName(QStringLiteral("bundleSitePage"));
        setTitle(PairWizard::tr("This console's site"));
        setSubTitle(PairWizard::tr("This console reaches its own site only; the other console brings the other. "
                                   "Bundles go through two folders (a share, or one that people empty and fill), "
                                   "or by hand from the pair's Bundles tab."));
        wizard->m_ownSite
            = new SitePanel(PairWizard::tr("This console's site"), QStringLiteral("Own"), 0, &wizard->m_setup, this);
        m_name->setObjectName(QStringLiteral("bundlePairName"));
        m_name->setAccessibleName(PairWizard::tr("Name of the pair"));
        m_name->setValidator(
            new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{1,64}")), m_name));
        m_side->setObjectName(QStringLiteral("bundleSide"));
        m_side->addItem(PairWizard::tr("side A"), sideName(Side::A));
        m_side->addItem(PairWizard::tr("side B"), sideName(Side::B));
        m_interval->setObjectName(QStringLiteral("exchangeInterval"));
        m_interval->setRange(1, 86'400);
        m_interval->setValue(300);
        m_interval->setSuffix(PairWizard::tr(" s"));
        auto *form = new QFormLayout;
        m_nameLabel = new QLabel(PairWizard::tr("Pair &name:"), this);
        m_nameLabel->setBuddy(m_name);
        form->addRow(m_nameLabel, m_name);
        m_sideLabel = new QLabel(PairWizard::tr("This site is:"), this);
        form->addRow(m_sideLabel, m_side);
        auto *folderForm = new QFormLayout(m_folders);
        folderForm->setContentsMargins(0, 0, 0, 0);
        m_outgoing = pathRow(wizard, m_folders, folderForm, PairWizard::tr("Write bundles &into:"),
                             QStringLiteral("outgoingFolder"), PairWizard::tr("Folder for outgoing bundles"),
                             PairWizard::FileKind::Folder);
        m_incoming = pathRow(wizard, m_folders, folderForm, PairWizard::tr("Read bundles &from:"),
                             QStringLiteral("incomingFolder"), PairWizard::tr("Folder of incoming bundles"),
                             PairWizard::FileKind::Folder);
        buildMailForm();
        form->addRow(m_folders);
        form->addRow(m_mailForm);
        form->addRow(PairWizard::tr("Exchange every:"), m_interval);
        auto *layout = new QVBoxLayout;
        layout->addWidget(wizard->m_ownSite, 1);
        layout->addLayout(form);
        scrollInside(this, layout, QStringLiteral("bundleSiteScroll"));
        connect(wizard->m_ownSite, &SitePanel::changed, this, &QWizardPage::completeChanged);
        connect(m_name, &QLineEdit::textEdited, this, &QWizardPage::completeChanged);
    }

    bool byMail() const { return m_wizard->mode() == ConnectionMode::Email; }

    void initializePage() override
    {
        // Sites that cannot be read leave the list empty: a new site can still be added.
        m_wizard->m_ownSite->setSites(PairSetup::configuredSites(m_stateDirectory).valueOr({}));
        // The mail settings are kept under the pair's name, so an e-mail secondary names it too.
        const bool named = m_wizard->m_primary || byMail();
        for (QWidget *widget : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_nameLabel)})
            widget->setVisible(named);
        for (QWidget *widget : {static_cast<QWidget *>(m_side), static_cast<QWidget *>(m_sideLabel)})
            widget->setVisible(m_wizard->m_primary);
        m_folders->setVisible(!byMail());
        m_mailForm->setVisible(byMail());
        m_interval->setMinimum(byMail() ? 10 : 1); // mail servers take their time
        setSubTitle(byMail() ? PairWizard::tr("This console reaches its own site and mail servers only. It sends "
                                              "bundles to the other console's address and reads its own mailbox; "
                                              "the handshake travels by mail too.")
                             : PairWizard::tr("This console reaches its own site only; the other console brings the "
                                              "other. Bundles go through two folders (a share, or one that people "
                                              "empty and fill), or by hand from the pair's Bundles tab."));
    }

    bool isComplete() const override
    {
        QString error;
        return m_wizard->m_ownSite->isReady() && (!(m_wizard->m_primary || byMail()) || m_name->hasAcceptableInput())
            && (!byMail() || mailSettings(&error));
    }

    /// The mail settings as the form has them; nullopt with why when they cannot be used.
    std::optional<MailSettings> mailSettings(QString *error) const
    {
        std::optional<MailServer> smtp = MailServer::fromUrl(m_smtp->text().trimmed(), QStringLiteral("smtp"), error);
        std::optional<MailServer> imap
            = smtp ? MailServer::fromUrl(m_imap->text().trimmed(), QStringLiteral("imap"), error) : std::nullopt;
        if (!imap)
            return std::nullopt;
        MailSettings settings;
        settings.smtp = *smtp;
        settings.imap = *imap;
        settings.smtp.user = settings.imap.user = m_mailUser->text().trimmed();
        settings.from = m_from->text().trimmed();
        settings.to = m_to->text().trimmed();
        settings.caFile = m_caFile->text().trimmed();
        settings.interval = m_interval->value();
        const QStringList problems = settings.problems();
        if (!problems.isEmpty() || m_mailPassword->text().isEmpty()) {
            *error = problems.isEmpty() ? PairWizard::tr("Type the mail password.") : problems.join(u'\n');
            return std::nullopt;
        }
        return settings;
    }

    int nextId() const override { return m_wizard->m_primary ? PairWizard::HandshakePage : PairWizard::AnswerPage; }

    BundleSetup setup() const
    {
        BundleSetup setup;
        setup.own = m_wizard->m_ownSite->setupSide();
        setup.name = m_wizard->m_primary || byMail() ? m_name->text() : QString();
        setup.side = sideNamed(m_side->currentData().toString()).value_or(Side::A);
        setup.interval = m_interval->value();
        if (byMail()) {
            QString error;
            setup.mail = mailSettings(&error);
            setup.mailPassword = m_mailPassword->text();
        } else {
            setup.outgoing = m_outgoing->text().trimmed();
            setup.incoming = m_incoming->text().trimmed();
        }
        return setup;
    }

private:
    /// E-mail mode: the servers, both addresses, the login, and a live test.
    void buildMailForm()
    {
        auto *form = new QFormLayout(m_mailForm);
        form->setContentsMargins(0, 0, 0, 0);
        const auto field = [this, form](QLineEdit *&edit, const QString &objectName, const QString &label,
                                        const QString &placeholder) {
            edit = new QLineEdit(m_mailForm);
            edit->setObjectName(objectName);
            edit->setPlaceholderText(placeholder);
            edit->setAccessibleName(QString(label).remove(u'&').remove(u':'));
            form->addRow(label, edit);
            connect(edit, &QLineEdit::textEdited, this, [this] {
                // Say what keeps the settings from being used, as it changes.
                QString why;
                m_mailResult->setText(mailSettings(&why) ? QString() : why);
                Q_EMIT completeChanged();
            });
        };
        field(m_smtp, QStringLiteral("smtpUrl"), PairWizard::tr("&SMTP server:"),
              QStringLiteral("smtps://mail.example:465"));
        field(m_imap, QStringLiteral("imapUrl"), PairWizard::tr("&IMAP server:"),
              QStringLiteral("imaps://mail.example:993"));
        field(m_mailUser, QStringLiteral("mailUser"), PairWizard::tr("Mail &login:"),
              QStringLiteral("ferry-a@a.example"));
        field(m_mailPassword, QStringLiteral("mailPassword"), PairWizard::tr("Mail pass&word:"), QString());
        m_mailPassword->setEchoMode(QLineEdit::Password);
        field(m_from, QStringLiteral("mailFrom"), PairWizard::tr("This console's &address:"),
              QStringLiteral("ferry-a@a.example"));
        field(m_to, QStringLiteral("mailTo"), PairWizard::tr("The other console's a&ddress:"),
              QStringLiteral("ferry-b@b.example"));
        m_caFile
            = pathRow(m_wizard, m_mailForm, form, PairWizard::tr("Trusted CAs (PEM):"), QStringLiteral("mailCaFile"),
                      PairWizard::tr("Certificate authorities to trust"), PairWizard::FileKind::Open);
        auto *check = new QPushButton(PairWizard::tr("Check &Mail"), m_mailForm);
        check->setObjectName(QStringLiteral("checkMail"));
        check->setToolTip(PairWizard::tr("Connects to both servers over TLS, logs in, and sends a test message to this "
                                         "console's own address that must arrive."));
        auto *result = new QLabel(m_mailForm);
        m_mailResult = result;
        result->setObjectName(QStringLiteral("mailChecks"));
        result->setWordWrap(true);
        form->addRow(check, result);
        connect(check, &QPushButton::clicked, this, [this, check, result] {
            QString error;
            const std::optional<MailSettings> settings = mailSettings(&error);
            if (!settings)
                return result->setText(error);
            check->setEnabled(false);
            result->setText(PairWizard::tr("Checking the mail servers…"));
            m_wizard->m_setup.checkMail(*settings, m_mailPassword->text());
        });
        connect(&m_wizard->m_setup, &PairSetup::mailChecked, this, [check, result](const QList<MailCheck> &lines) {
            check->setEnabled(true);
            QStringList text;
            for (const MailCheck &line : lines)
                text << (line.passed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + line.text;
            result->setText(text.join(u'\n'));
        });
    }

    PairWizard *m_wizard;
    QString m_stateDirectory;
    QLineEdit *m_name;
    QLabel *m_nameLabel;
    QComboBox *m_side;
    QLabel *m_sideLabel;
    QWidget *m_folders = new QWidget(this);
    QLineEdit *m_outgoing;
    QLineEdit *m_incoming;
    QWidget *m_mailForm = new QWidget(this);
    QLineEdit *m_smtp = nullptr;
    QLineEdit *m_imap = nullptr;
    QLineEdit *m_mailUser = nullptr;
    QLineEdit *m_mailPassword = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_to = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLabel *m_mailResult = nullptr;
    QSpinBox *m_interval;
};

/// The primary writes the handshake and tells its code; the answer may be imported here, or
/// later with File ▸ Import Handshake Answer….
class HandshakeWizardPage : public QWizardPage {
public:
    explicit HandshakeWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_file(new QLineEdit(this))
        , m_write(new QPushButton(PairWizard::tr("&Write Handshake"), this))
        , m_code(new QLabel(this))
        , m_import(new QPushButton(PairWizard::tr("&Import Answer…"), this))
        , m_result(new QLabel(this))
    {
        setObjectName(QStringLiteral("handshakePage"));
        setTitle(PairWizard::tr("Write the handshake"));
        setSubTitle(PairWizard::tr("Carry the file to the other console and tell its admin the code by phone or in "
                                   "person, never with the file. Compare the key fingerprints too."));
        m_file->setObjectName(QStringLiteral("handshakeFile"));
        m_file->setAccessibleName(PairWizard::tr("Where the handshake is written"));
        auto *browse = new QPushButton(PairWizard::tr("Browse…"), this);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString chosen = m_wizard->askFile(PairWizard::tr("Write Handshake"), PairWizard::FileKind::Save);
            if (!chosen.isEmpty())
                m_file->setText(chosen);
        });
        m_write->setObjectName(QStringLiteral("writeHandshake"));
        m_code->setObjectName(QStringLiteral("handshakeCode"));
        m_code->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_code->setWordWrap(true);
        m_import->setObjectName(QStringLiteral("importAnswer"));
        m_import->setEnabled(false);
        m_result->setObjectName(QStringLiteral("handshakeResult"));
        m_result->setWordWrap(true);
        auto *fileRow = new QHBoxLayout;
        fileRow->addWidget(m_file, 1);
        fileRow->addWidget(browse);
        auto *fileLabel = new QLabel(PairWizard::tr("Handshake file:"), this);
        m_fileRow = {fileLabel, m_file, browse};
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(fileLabel);
        layout->addLayout(fileRow);
        layout->addWidget(m_write, 0, Qt::AlignLeft);
        layout->addWidget(m_code);
        layout->addStretch();
        layout->addWidget(m_import, 0, Qt::AlignLeft);
        layout->addWidget(m_result);
        connect(m_write, &QPushButton::clicked, this, [this] {
            BundleSetup setup
                = static_cast<BundleSiteWizardPage *>(m_wizard->page(PairWizard::BundleSitePage))->setup();
            setup.handshake = m_file->text().trimmed();
            if (setup.handshake.isEmpty() && !setup.mail)
                return m_code->setText(PairWizard::tr("Choose where the handshake goes first."));
            m_write->setEnabled(false);
            m_code->setText(PairWizard::tr("Reading the site and writing the handshake…"));
            m_wizard->m_setup.beginHandshake(setup);
        });
        connect(&wizard->m_setup, &PairSetup::handshakeWritten, this,
                [this](const QString &name, const QString &code, const QString &fingerprint, const QString &error) {
                    if (!error.isEmpty()) {
                        m_write->setEnabled(true);
                        return m_code->setText(PairWizard::tr("No handshake was written: %1").arg(error));
                    }
                    m_name = name;
                    m_written = true;
                    m_wizard->markStored();
                    m_import->setEnabled(true);
                    m_code->setText(PairWizard::tr("<p>Handshake of pair %1 written.</p><p>Code: <b><tt>%2</tt></b><br>"
                                                   "It is not kept: tell it now.</p><p>This console's key "
                                                   "fingerprint: <tt>%3</tt></p><p>When the answer comes, import it "
                                                   "here, or later with File ▸ Import Handshake Answer.</p>")
                                        .arg(name.toHtmlEscaped(), code, fingerprint));
                    Q_EMIT completeChanged();
                });
        connect(m_import, &QPushButton::clicked, this, [this] {
            if (byMail()) {
                m_result->setText(PairWizard::tr("Looking for the answer in the mailbox…"));
                return m_wizard->m_setup.completeHandshakeByMail(m_name);
            }
            const QString answer
                = m_wizard->askFile(PairWizard::tr("Import Handshake Answer"), PairWizard::FileKind::Open);
            if (answer.isEmpty())
                return;
            m_result->setText(PairWizard::tr("Importing the answer…"));
            m_wizard->m_setup.completeHandshake(answer);
        });
        connect(&wizard->m_setup, &PairSetup::handshakeCompleted, this,
                [this](const QString &name, const QString &fingerprint, const QString &error) {
                    if (!error.isEmpty())
                        return m_result->setText(PairWizard::tr("The answer was not imported: %1").arg(error));
                    m_import->setEnabled(false);
                    m_result->setText(PairWizard::tr("Pair %1 is connected. The other console's key fingerprint: "
                                                     "<tt>%2</tt> (compare it with its admin).")
                                          .arg(name.toHtmlEscaped(), fingerprint));
                    Q_EMIT m_wizard->pairCreated(name, true);
                });
    }

    void initializePage() override
    {
        for (QWidget *fileOnly : std::as_const(m_fileRow))
            fileOnly->setVisible(!byMail());
        m_write->setText(byMail() ? PairWizard::tr("&Send Handshake") : PairWizard::tr("&Write Handshake"));
        m_import->setText(byMail() ? PairWizard::tr("&Fetch Answer") : PairWizard::tr("&Import Answer…"));
    }

    bool isComplete() const override { return m_written; }
    int nextId() const override { return -1; }

private:
    bool byMail() const { return m_wizard->mode() == ConnectionMode::Email; }

    PairWizard *m_wizard;
    QList<QWidget *> m_fileRow;
    QLineEdit *m_file;
    QPushButton *m_write;
    QLabel *m_code;
    QPushButton *m_import;
    QLabel *m_result;
    QString m_name;
    bool m_written = false;
};

/// The secondary opens the handshake with the code, and the pair is created here and answered.
class AnswerWizardPage : public QWizardPage {
public:
    explicit AnswerWizardPage(PairWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard)
        , m_code(new QLineEdit(this))
        , m_name(new QLineEdit(this))
        , m_answer(new QPushButton(PairWizard::tr("&Answer Handshake"), this))
        , m_result(new QLabel(this))
    {
        setObjectName(QStringLiteral("answerPage"));
        setTitle(PairWizard::tr("Answer the handshake"));
        setSubTitle(PairWizard::tr("Open the handshake with the code its admin told you; the pair is created here, "
                                   "its configuration completed from both sites, and the answer written for the "
                                   "other console."));
        auto *form = new QFormLayout;
        m_form = form;
        m_handshake = pathRow(wizard, this, form, PairWizard::tr("&Handshake file:"), QStringLiteral("handshakeIn"),
                              PairWizard::tr("Handshake to answer"), PairWizard::FileKind::Open);
        m_code->setObjectName(QStringLiteral("answerCode"));
        m_code->setAccessibleName(PairWizard::tr("One-time code"));
        m_code->setPlaceholderText(QStringLiteral("XXXX-XXXX-XXXX-XXXX-XXXX"));
        form->addRow(PairWizard::tr("&Code:"), m_code);
        m_file = pathRow(wizard, this, form, PairWizard::tr("Write the a&nswer to:"), QStringLiteral("answerFile"),
                         PairWizard::tr("Where the answer is written"), PairWizard::FileKind::Save);
        m_name->setObjectName(QStringLiteral("answerPairName"));
        m_name->setPlaceholderText(PairWizard::tr("the other console's name for it"));
        form->addRow(PairWizard::tr("Pair name &here:"), m_name);
        m_answer->setObjectName(QStringLiteral("answerHandshake"));
        m_result->setObjectName(QStringLiteral("answerResult"));
        m_result->setWordWrap(true);
        m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *layout = new QVBoxLayout(this);
        layout->addLayout(form);
        layout->addWidget(m_answer, 0, Qt::AlignLeft);
        layout->addWidget(m_result);
        layout->addStretch();
        connect(m_answer, &QPushButton::clicked, this, [this] {
            BundleSetup setup
                = static_cast<BundleSiteWizardPage *>(m_wizard->page(PairWizard::BundleSitePage))->setup();
            setup.handshake = m_handshake->text().trimmed();
            setup.code = m_code->text().trimmed().toUpper();
            setup.answer = m_file->text().trimmed();
            if (!setup.mail)
                setup.name = m_name->text().trimmed();
            if (setup.code.isEmpty() || (!setup.mail && (setup.handshake.isEmpty() || setup.answer.isEmpty())))
                return m_result->setText(
                    PairWizard::tr("Give the handshake file, its code and where the answer goes."));
            m_answer->setEnabled(false);
            m_result->setText(PairWizard::tr("Opening the handshake and reading the site…"));
            m_wizard->m_setup.answerHandshake(setup);
        });
        connect(&wizard->m_setup, &PairSetup::handshakeAnswered, this,
                [this](const QString &name, const PairConfig &config, const QString &partner, const QString &own,
                       const QString &error) {
                    if (!error.isEmpty()) {
                        m_answer->setEnabled(true);
                        return m_result->setText(PairWizard::tr("The handshake was not answered: %1").arg(error));
                    }
                    m_answered = true;
                    m_wizard->markStored();
                    m_result->setText(
                        PairWizard::tr("<p>Pair %1 created: %2:%3 ⇄ %4:%5 (%6 fields, %7 issue types, %8 statuses "
                                       "mapped; check them on the pair's Configuration tab).</p><p>The answer is "
                                       "written: carry it to the other console.</p><p>The other console's key "
                                       "fingerprint: <tt>%9</tt><br>This console's: <tt>%10</tt> (compare both with "
                                       "the other admin)</p>")
                            .arg(name.toHtmlEscaped(), config.a.site, config.a.project, config.b.site, config.b.project)
                            .arg(config.fields.size())
                            .arg(config.issueTypes.size())
                            .arg(config.statuses.size())
                            .arg(partner, own));
                    Q_EMIT m_wizard->pairCreated(name, true);
                    Q_EMIT completeChanged();
                });
    }

    void initializePage() override
    {
        // By mail, the handshake comes from the mailbox and the answer goes back by mail.
        const bool byMail = m_wizard->mode() == ConnectionMode::Email;
        for (int row : {0, 2, 3}) // the handshake file, where the answer goes, the name here
            m_form->setRowVisible(row, !byMail);
    }

    bool isComplete() const override { return m_answered; }
    int nextId() const override { return -1; }

private:
    PairWizard *m_wizard;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_handshake;
    QLineEdit *m_code;
    QLineEdit *m_file;
    QLineEdit *m_name;
    QPushButton *m_answer;
    QLabel *m_result;
    bool m_answered = false;
};

void addBundlePages(PairWizard *wizard, const QString &stateDirectory)
{
    wizard->setPage(PairWizard::RolePage, new RoleWizardPage(wizard));
    wizard->setPage(PairWizard::BundleSitePage, new BundleSiteWizardPage(wizard, stateDirectory));
    wizard->setPage(PairWizard::HandshakePage, new HandshakeWizardPage(wizard));
    wizard->setPage(PairWizard::AnswerPage, new AnswerWizardPage(wizard));
}

} // namespace ferry
