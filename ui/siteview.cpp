#include "ui/siteview.h"

#include "engine/pairsetup.h"
#include "ui/sitepanel.h"

#include <QDateTime>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry {

SiteView::SiteView(const QString &stateDirectory, SecretRedactor *redactor, const Site &site, QWidget *parent)
    : QWidget(parent)
    , m_stateDirectory(stateDirectory)
    , m_redactor(redactor)
    , m_site(site)
    , m_pairs(new QLabel(this))
    , m_check(new QPushButton(tr("Check &Now"), this))
    , m_lines(new QListWidget(this))
    , m_verdict(new QLabel(this))
{
    setObjectName(QStringLiteral("siteView"));
    auto *title = new QLabel(QStringLiteral("<h2>%1</h2>").arg(site.name.toHtmlEscaped()), this);
    auto *address = new QLabel(site.url.toString(), this);
    address->setObjectName(QStringLiteral("siteAddress"));
    address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QString signIn = site.auth == Site::Auth::PersonalAccessToken
        ? tr("a personal access token")
        : tr("%1 with an API token or password").arg(site.user.toHtmlEscaped());
    const QString kept = site.secret.kind == SecretRef::Kind::Keychain ? tr("in the system keychain")
        : site.secret.kind == SecretRef::Kind::Environment ? tr("in the environment variable %1").arg(site.secret.value)
                                                           : tr("in the file %1").arg(site.secret.value);
    m_pairs->setObjectName(QStringLiteral("sitePairs"));
    m_pairs->setWordWrap(true);
    m_check->setObjectName(QStringLiteral("checkSite"));
    m_lines->setObjectName(QStringLiteral("siteChecks"));
    m_lines->setWordWrap(true);
    m_verdict->setObjectName(QStringLiteral("siteVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setText(tr("Not checked since the console started."));
    auto *form = new QFormLayout;
    form->addRow(tr("Address:"), address);
    form->addRow(tr("Signs in as:"), new QLabel(signIn, this));
    form->addRow(tr("Secret kept:"), new QLabel(kept, this));
    form->addRow(tr("Used by:"), m_pairs);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addWidget(m_check, 0, Qt::AlignLeft);
    layout->addWidget(m_lines, 1);
    layout->addWidget(m_verdict);
    connect(m_check, &QPushButton::clicked, this, &SiteView::check);
    setPairs({});
}

SiteView::~SiteView() = default;

void SiteView::setPairs(const QStringList &pairs)
{
    m_pairs->setText(pairs.isEmpty() ? tr("no pair yet") : pairs.join(QStringLiteral(", ")));
}

void SiteView::check()
{
    if (!m_setup) {
        m_setup = std::make_unique<PairSetup>(m_stateDirectory, m_redactor);
        connect(m_setup.get(), &PairSetup::siteChecked, this,
                [this](int, const QList<SiteCheck::Line> &lines, bool passed, const QString &deployment,
                       const QList<ProjectChoice> &) {
                    m_check->setEnabled(true);
                    listCheckLines(m_lines, lines);
                    const QString checked = QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat);
                    m_verdict->setText(passed ? tr("Ready at %1: %2.")
                                                    .arg(checked,
                                                         deployment == QStringLiteral("cloud") ? tr("Jira Cloud")
                                                                                               : tr("Jira Data Center"))
                                              : tr("Not ready at %1: fix what failed and check again.").arg(checked));
                });
    }
    m_check->setEnabled(false);
    m_lines->clear();
    m_verdict->setText(tr("Checking %1…").arg(m_site.url.toString()));
    m_setup->checkSite(0, {m_site, {}, {}, false});
}

} // namespace ferry
