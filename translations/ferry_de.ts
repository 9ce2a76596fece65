<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ferry::ChangesChart</name>
    <message>
        <source>Changes over recent rounds</source>
        <translation>Änderungen der letzten Runden</translation>
    </message>
    <message>
        <source>No rounds yet.</source>
        <translation>Noch keine Runden.</translation>
    </message>
    <message numerus="yes">
        <source>Over the last %n round(s): %1 changes written to B, %2 to A, %3 conflicts.</source>
        <translation>
            <numerusform>In der letzten Runde: %1 Änderungen nach B geschrieben, %2 nach A, %3 Konflikte.</numerusform>
            <numerusform>In den letzten %n Runden: %1 Änderungen nach B geschrieben, %2 nach A, %3 Konflikte.</numerusform>
        </translation>
    </message>
    <message>
        <source>to B</source>
        <translation>nach B</translation>
    </message>
    <message>
        <source>to A</source>
        <translation>nach A</translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>max %1 per round</source>
        <translation>höchstens %1 je Runde</translation>
    </message>
    <message>
        <source>The changes of each round appear here.</source>
        <translation>Hier erscheinen die Änderungen jeder Runde.</translation>
    </message>
</context>
<context>
    <name>ferry::ConflictsView</name>
    <message>
        <source>The same field changed to different values on both sides; pick the value that wins:</source>
        <translation>Dasselbe Feld wurde auf beiden Seiten unterschiedlich geändert; wählen Sie den Wert, der gilt:</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>Offene Konflikte</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Agreed before</source>
        <translation>Zuvor vereinbart</translation>
    </message>
    <message>
        <source>Side A</source>
        <translation>Seite A</translation>
    </message>
    <message>
        <source>Side B</source>
        <translation>Seite B</translation>
    </message>
    <message>
        <source>The selected conflict&apos;s values</source>
        <translation>Die Werte des gewählten Konflikts</translation>
    </message>
    <message>
        <source>Select a conflict to see its values side by side.</source>
        <translation>Einen Konflikt wählen, um seine Werte nebeneinander zu sehen.</translation>
    </message>
    <message>
        <source>Take Side &amp;A&apos;s Value</source>
        <translation>Wert von Seite &amp;A übernehmen</translation>
    </message>
    <message>
        <source>Take Side &amp;B&apos;s Value</source>
        <translation>Wert von Seite &amp;B übernehmen</translation>
    </message>
    <message>
        <source>&amp;Edit a Merged Value…</source>
        <translation>Zusammengeführten Wert &amp;eingeben…</translation>
    </message>
    <message>
        <source>Write a value of your own (a text field&apos;s words from both sides) on both sides</source>
        <translation>Einen eigenen Wert (die Wörter eines Textfelds von beiden Seiten) auf beiden Seiten schreiben</translation>
    </message>
    <message>
        <source>Merged Value</source>
        <translation>Zusammengeführter Wert</translation>
    </message>
    <message>
        <source>The value of %1 to write on both sides:</source>
        <translation>Der Wert von %1, der auf beiden Seiten geschrieben wird:</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>%1 of %2 ⇄ %3</source>
        <translation>%1 von %2 ⇄ %3</translation>
    </message>
    <message>
        <source>Side A (%1)</source>
        <translation>Seite A (%1)</translation>
    </message>
    <message>
        <source>Side B (%1)</source>
        <translation>Seite B (%1)</translation>
    </message>
    <message>
        <source>%1 ⇄ %2</source>
        <translation>%1 ⇄ %2</translation>
    </message>
</context>
<context>
    <name>ferry::IssueTableModel</name>
    <message>
        <source>Up to date</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>Nicht verknüpft</translation>
    </message>
    <message>
        <source>Partner missing</source>
        <translation>Partner fehlt</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>Ignoriert</translation>
    </message>
    <message>
        <source>Changed on both sides: %1</source>
        <translation>Auf beiden Seiten geändert: %1</translation>
    </message>
    <message>
        <source>%1 is gone; recreate it, relink, or ignore</source>
        <translation>%1 gibt es nicht mehr; neu anlegen, neu verknüpfen oder ignorieren</translation>
    </message>
    <message>
        <source>Side A</source>
        <translation>Seite A</translation>
    </message>
    <message>
        <source>Side B</source>
        <translation>Seite B</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last A to B</source>
        <translation>Zuletzt A nach B</translation>
    </message>
    <message>
        <source>Last B to A</source>
        <translation>Zuletzt B nach A</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Braucht</translation>
    </message>
</context>
<context>
    <name>ferry::IssuesView</name>
    <message>
        <source>Relink %1</source>
        <translation>%1 neu verknüpfen</translation>
    </message>
    <message>
        <source>Key of the issue on the other site to link %1 to:</source>
        <translation>Schlüssel des Vorgangs auf der anderen Site, mit dem %1 verknüpft werden soll:</translation>
    </message>
    <message>
        <source>Filter by key, state or reason</source>
        <translation>Nach Schlüssel, Zustand oder Grund filtern</translation>
    </message>
    <message>
        <source>Filter issues</source>
        <translation>Vorgänge filtern</translation>
    </message>
    <message>
        <source>Linked issues</source>
        <translation>Verknüpfte Vorgänge</translation>
    </message>
    <message>
        <source>&amp;Ignore</source>
        <translation>&amp;Ignorieren</translation>
    </message>
    <message>
        <source>Leave this issue and its partner alone; relink them to sync them again</source>
        <translation>Diesen Vorgang und seinen Partner in Ruhe lassen; neu verknüpfen, um sie wieder abzugleichen</translation>
    </message>
    <message>
        <source>Re&amp;create Partner</source>
        <translation>Partner neu an&amp;legen</translation>
    </message>
    <message>
        <source>The partner is gone: create a new one from this issue at the next round</source>
        <translation>Der Partner ist weg: in der nächsten Runde einen neuen aus diesem Vorgang anlegen</translation>
    </message>
    <message>
        <source>Re&amp;link…</source>
        <translation>Neu &amp;verknüpfen…</translation>
    </message>
    <message>
        <source>Link this issue to another issue of the other site</source>
        <translation>Diesen Vorgang mit einem anderen Vorgang der anderen Site verknüpfen</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>Re&amp;sync</source>
        <translation>Erneut &amp;senden</translation>
    </message>
    <message>
        <source>Send this issue&apos;s fields again at the next round, over whatever its partner holds</source>
        <translation>Die Felder dieses Vorgangs in der nächsten Runde erneut senden, über das, was sein Partner hat</translation>
    </message>
    <message>
        <source>&amp;Open in Browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>Open the issue and its partner on their sites (or double-click a key)</source>
        <translation>Den Vorgang und seinen Partner auf ihren Sites öffnen (oder einen Schlüssel doppelklicken)</translation>
    </message>
    <message>
        <source>Recent changes of the selected issue</source>
        <translation>Letzte Änderungen des gewählten Vorgangs</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>No changes of this issue have travelled yet.</source>
        <translation>Von diesem Vorgang wurden noch keine Änderungen übertragen.</translation>
    </message>
    <message>
        <source>Changes before %1 were compacted (the pair&apos;s retention).</source>
        <translation>Änderungen vor %1 wurden verdichtet (Aufbewahrungsdauer des Paars).</translation>
    </message>
</context>
<context>
    <name>ferry::LicenseTableModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 in use%3</source>
        <translation>%1 von %2 belegt%3</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>License service</source>
        <translation>Lizenzdienst</translation>
    </message>
    <message>
        <source>Remote endpoints</source>
        <translation>Entfernte Endpunkte</translation>
    </message>
</context>
<context>
    <name>ferry::LicensesView</name>
    <message>
        <source>&amp;Check Now</source>
        <translation>Jetzt &amp;prüfen</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Licenses&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Lizenzen&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Installed licenses</source>
        <translation>Installierte Lizenzen</translation>
    </message>
    <message>
        <source>&amp;Install License…</source>
        <translation>Lizenz &amp;installieren…</translation>
    </message>
    <message>
        <source>Verifies a license file and keeps it in Ferry&apos;s state.</source>
        <translation>Prüft eine Lizenzdatei und legt sie in Ferrys Zustand ab.</translation>
    </message>
    <message>
        <source>Asks the license service whether each license still holds.</source>
        <translation>Fragt den Lizenzdienst, ob jede Lizenz noch gilt.</translation>
    </message>
    <message>
        <source>Install License</source>
        <translation>Lizenz installieren</translation>
    </message>
    <message>
        <source>License files (*.json *.license);;All files (*)</source>
        <translation>Lizenzdateien (*.json *.license);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No license service is set for this installation: licenses are checked offline.</source>
        <translation>Für diese Installation ist kein Lizenzdienst eingestellt: Lizenzen werden offline geprüft.</translation>
    </message>
    <message>
        <source>License service: %1</source>
        <translation>Lizenzdienst: %1</translation>
    </message>
    <message>
        <source>Asking the license service…</source>
        <translation>Der Lizenzdienst wird gefragt…</translation>
    </message>
    <message>
        <source>License &amp;Service…</source>
        <translation>Lizenz&amp;dienst…</translation>
    </message>
    <message>
        <source>The address of this installation&apos;s license service.</source>
        <translation>Die Adresse des Lizenzdienstes dieser Installation.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>License Service</source>
        <translation>Lizenzdienst</translation>
    </message>
    <message>
        <source>Address of the license service (https://…):</source>
        <translation>Adresse des Lizenzdienstes (https://…):</translation>
    </message>
    <message>
        <source>Remove License</source>
        <translation>Lizenz entfernen</translation>
    </message>
    <message>
        <source>Remove license %1? Pairs that need it stop at their next start.</source>
        <translation>Lizenz %1 entfernen? Paare, die sie brauchen, halten bei ihrem nächsten Start an.</translation>
    </message>
    <message>
        <source>Request &amp;Trial…</source>
        <translation>&amp;Testlizenz anfordern…</translation>
    </message>
    <message>
        <source>Asks the license service for a 30-day trial license of one of the configured sites.</source>
        <translation>Fordert beim Lizenzdienst eine 30-Tage-Testlizenz für eine der eingerichteten Sites an.</translation>
    </message>
    <message>
        <source>Request Trial</source>
        <translation>Testlizenz anfordern</translation>
    </message>
    <message>
        <source>A 30-day trial license for site:</source>
        <translation>Eine 30-Tage-Testlizenz für die Site:</translation>
    </message>
    <message>
        <source>No sites are configured yet: add one with the New Pair wizard first.</source>
        <translation>Noch keine Sites eingerichtet: Legen Sie zuerst eine mit dem Assistenten für neue Paare an.</translation>
    </message>
    <message>
        <source>No licenses yet. Install one, or ask the license service for a trial (Request Trial…).</source>
        <translation>Noch keine Lizenzen. Installieren Sie eine oder fordern Sie beim Lizenzdienst eine Testlizenz an (Testlizenz anfordern…).</translation>
    </message>
</context>
<context>
    <name>ferry::LogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>Paar</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>ferry::LogPane</name>
    <message>
        <source>Export Log</source>
        <translation>Protokoll exportieren</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Log entries</source>
        <translation>Protokolleinträge</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected entries</source>
        <translation>Ausgewählte Einträge kopieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the entries shown to a file</source>
        <translation>Die angezeigten Einträge in einer Datei speichern</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Remove all entries from the pane (the log file keeps them)</source>
        <translation>Alle Einträge aus dem Bereich entfernen (die Protokolldatei behält sie)</translation>
    </message>
    <message>
        <source>Minimum level</source>
        <translation>Mindeststufe</translation>
    </message>
    <message>
        <source>Show entries at this level and above</source>
        <translation>Einträge ab dieser Stufe anzeigen</translation>
    </message>
    <message>
        <source>Debug and above</source>
        <translation>Debug und höher</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Sync pair</source>
        <translation>Sync-Paar</translation>
    </message>
    <message>
        <source>All pairs</source>
        <translation>Alle Paare</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Filtertext</translation>
    </message>
    <message>
        <source>Filter messages, issues, pairs…</source>
        <translation>Meldungen, Vorgänge, Paare filtern…</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Keep the newest entry in view</source>
        <translation>Den neuesten Eintrag sichtbar halten</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Could not export the log to %1: %2.</source>
        <translation>Das Protokoll konnte nicht nach %1 exportiert werden: %2.</translation>
    </message>
    <message>
        <source>Exported %1 log entries to %2.</source>
        <translation>%1 Protokolleinträge nach %2 exportiert.</translation>
    </message>
</context>
<context>
    <name>ferry::MainWindow</name>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Sites and Pairs</source>
        <translation>Sites und Paare</translation>
    </message>
    <message>
        <source>Jira sites and sync pairs</source>
        <translation>Jira-Sites und Sync-Paare</translation>
    </message>
    <message>
        <source>Jira Sites</source>
        <translation>Jira-Sites</translation>
    </message>
    <message>
        <source>Sync Pairs</source>
        <translation>Sync-Paare</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>Noch keine</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No sync pairs yet&lt;/h2&gt;&lt;p&gt;A sync pair keeps the issues of a project on one Jira site in step with a project on another: fields, statuses, comments, attachments, worklogs and links.&lt;/p&gt;&lt;p&gt;Setting one up takes three steps:&lt;/p&gt;&lt;ol style=&apos;text-align:left&apos;&gt;&lt;li&gt;Choose how the two sites connect: directly over HTTPS, or across a firewall with bundles carried by e-mail or as files.&lt;/li&gt;&lt;li&gt;Connect both Jira sites with an account that may read and write the projects.&lt;/li&gt;&lt;li&gt;Pick a project on each side and check how issue types, fields and statuses map.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;The log below shows what Ferry does; it is also written to&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Noch keine Sync-Paare&lt;/h2&gt;&lt;p&gt;Ein Sync-Paar hält die Vorgänge eines Projekts auf einer Jira-Site mit einem Projekt auf einer anderen im Gleichschritt: Felder, Status, Kommentare, Anhänge, Arbeitsprotokolle und Verknüpfungen.&lt;/p&gt;&lt;p&gt;Die Einrichtung hat drei Schritte:&lt;/p&gt;&lt;ol style=&apos;text-align:left&apos;&gt;&lt;li&gt;Wählen, wie die beiden Sites verbunden sind: direkt über HTTPS oder über eine Firewall hinweg mit Bündeln, die per E-Mail oder als Dateien reisen.&lt;/li&gt;&lt;li&gt;Beide Jira-Sites mit einem Konto verbinden, das die Projekte lesen und schreiben darf.&lt;/li&gt;&lt;li&gt;Auf jeder Seite ein Projekt wählen und prüfen, wie Vorgangstypen, Felder und Status einander entsprechen.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Das Protokoll unten zeigt, was Ferry tut; es wird auch geschrieben nach&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No sync pairs</source>
        <translation>Keine Sync-Paare</translation>
    </message>
    <message>
        <source>Show warnings and errors in the log</source>
        <translation>Warnungen und Fehler im Protokoll zeigen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Export Log…</source>
        <translation>Protokoll &amp;exportieren…</translation>
    </message>
    <message>
        <source>Open Log &amp;Folder</source>
        <translation>Protokoll&amp;ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <source>Sync &amp;All Now</source>
        <translation>&amp;Alle jetzt synchronisieren</translation>
    </message>
    <message>
        <source>&amp;Pause All</source>
        <translation>Alle &amp;pausieren</translation>
    </message>
    <message>
        <source>There are no sync pairs yet.</source>
        <translation>Es gibt noch keine Sync-Paare.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Ferry</source>
        <translation>Ü&amp;ber Ferry</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Warnings: %1  Errors: %2</source>
        <translation>Warnungen: %1  Fehler: %2</translation>
    </message>
    <message>
        <source>Qt %1</source>
        <translation>Qt %1</translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation>Qt %1 (erstellt mit %2)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;Keeps Jira work items in sync between two Jira sites, directly or across a firewall.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Log file: &lt;tt&gt;%3&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;Hält Jira-Vorgänge zwischen zwei Jira-Sites synchron, direkt oder über eine Firewall hinweg.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Protokolldatei: &lt;tt&gt;%3&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Ferry</source>
        <translation>Über Ferry</translation>
    </message>
    <message>
        <source>%1: %2 ⇄ %3</source>
        <translation>%1: %2 ⇄ %3</translation>
    </message>
    <message>
        <source>Cannot read Ferry&apos;s state: %1</source>
        <translation>Ferrys Zustand kann nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sync pairs</source>
        <translation>
            <numerusform>%n Sync-Paar</numerusform>
            <numerusform>%n Sync-Paare</numerusform>
        </translation>
    </message>
    <message>
        <source>1 sync pair</source>
        <translation>1 Sync-Paar</translation>
    </message>
    <message>
        <source>Acts on every running sync pair.</source>
        <translation>Wirkt auf jedes laufende Sync-Paar.</translation>
    </message>
    <message>
        <source>&amp;Resume All</source>
        <translation>Alle &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Licenses</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <source>Open a state folder first: licenses live in it.</source>
        <translation>Öffnen Sie zuerst einen Zustandsordner: Die Lizenzen liegen darin.</translation>
    </message>
    <message>
        <source>Li&amp;censes</source>
        <translation>Li&amp;zenzen</translation>
    </message>
    <message>
        <source>The installed licenses, their status and the license service&apos;s word.</source>
        <translation>Die installierten Lizenzen, ihr Status und das Urteil des Lizenzdienstes.</translation>
    </message>
    <message>
        <source>&amp;New Sync Pair…</source>
        <translation>&amp;Neues Sync-Paar …</translation>
    </message>
    <message>
        <source>Open a state folder first: pairs live in it.</source>
        <translation>Öffnen Sie zuerst einen Zustandsordner: Paare liegen darin.</translation>
    </message>
    <message>
        <source>Sets up a sync pair: connection mode, sites, projects, mappings and options.</source>
        <translation>Richtet ein Sync-Paar ein: Verbindungsart, Sites, Projekte, Zuordnungen und Optionen.</translation>
    </message>
    <message>
        <source>Confi&amp;guration</source>
        <translation>Konfi&amp;guration</translation>
    </message>
    <message>
        <source>Ferry files (*.ferry);;All files (*)</source>
        <translation>Ferry-Dateien (*.ferry);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import Handshake Answer</source>
        <translation>Handshake-Antwort importieren</translation>
    </message>
    <message>
        <source>The answer was not imported: %1</source>
        <translation>Die Antwort wurde nicht importiert: %1</translation>
    </message>
    <message>
        <source>Pair %1 is connected. The other console&apos;s key fingerprint: %2</source>
        <translation>Paar %1 ist verbunden. Fingerabdruck des Schlüssels der anderen Konsole: %2</translation>
    </message>
    <message>
        <source>Import Handshake &amp;Answer…</source>
        <translation>Handshake-&amp;Antwort importieren …</translation>
    </message>
    <message>
        <source>Connects a pair this console started by files, with the other console&apos;s answer.</source>
        <translation>Verbindet ein Paar, das diese Konsole per Dateien begonnen hat, mit der Antwort der anderen Konsole.</translation>
    </message>
    <message>
        <source>Fetch Handshake Answer</source>
        <translation>Handshake-Antwort abholen</translation>
    </message>
    <message>
        <source>The pair whose handshake this console sent by mail:</source>
        <translation>Das Paar, dessen Handshake diese Konsole per E-Mail gesendet hat:</translation>
    </message>
    <message>
        <source>&amp;Fetch Handshake Answer by Mail…</source>
        <translation>Handshake-Antwort per &amp;E-Mail abholen …</translation>
    </message>
    <message>
        <source>Connects a pair this console started by e-mail, with the answer in its mailbox.</source>
        <translation>Verbindet ein Paar, das diese Konsole per E-Mail begonnen hat, mit der Antwort in ihrem Postfach.</translation>
    </message>
    <message>
        <source>Ferry — %1</source>
        <translation>Ferry — %1</translation>
    </message>
    <message>
        <source>Demo sandboxes: Cloud %1, Data Center %2</source>
        <translation>Demo-Sandboxes: Cloud %1, Data Center %2</translation>
    </message>
    <message>
        <source>Edit issues in the sandboxes (any Jira client, or the Sandbox menu) and watch them travel.</source>
        <translation>Bearbeiten Sie Vorgänge in den Sandboxes (mit jedem Jira-Client oder über das Menü Sandbox) und sehen Sie zu, wie sie übertragen werden.</translation>
    </message>
</context>
<context>
    <name>ferry::MappingEditor</name>
    <message>
        <source>&amp;Issue types</source>
        <translation>&amp;Vorgangstypen</translation>
    </message>
    <message>
        <source>Issue type mappings</source>
        <translation>Zuordnungen der Vorgangstypen</translation>
    </message>
    <message>
        <source>&amp;Statuses</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Status mappings</source>
        <translation>Zuordnungen der Status</translation>
    </message>
    <message>
        <source>&amp;Fields</source>
        <translation>&amp;Felder</translation>
    </message>
    <message>
        <source>Field mappings</source>
        <translation>Zuordnungen der Felder</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Benutzer</translation>
    </message>
    <message>
        <source>User mappings</source>
        <translation>Zuordnungen der Benutzer</translation>
    </message>
    <message>
        <source>Value mappings of the selected field</source>
        <translation>Wertzuordnungen des gewählten Felds</translation>
    </message>
    <message>
        <source>Add Value</source>
        <translation>Wert hinzufügen</translation>
    </message>
    <message>
        <source>Remove Value</source>
        <translation>Wert entfernen</translation>
    </message>
    <message>
        <source>User match rules</source>
        <translation>Regeln zum Abgleich der Benutzer</translation>
    </message>
    <message>
        <source>Tried in order: email, accountId, username, displayName. The table&apos;s pairs come first.</source>
        <translation>Der Reihe nach versucht: email, accountId, username, displayName. Die Paare der Tabelle gehen vor.</translation>
    </message>
    <message>
        <source>Match users by:</source>
        <translation>Benutzer abgleichen nach:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>%1 (%2 to check)</source>
        <translation>%1 (%2 zu prüfen)</translation>
    </message>
    <message>
        <source>Select a field to see how its values map.</source>
        <translation>Wählen Sie ein Feld, um zu sehen, wie seine Werte zugeordnet sind.</translation>
    </message>
    <message>
        <source>Values of %1 carry over by name.</source>
        <translation>Die Werte von %1 werden per Name übertragen.</translation>
    </message>
    <message>
        <source>Values of %1:</source>
        <translation>Werte von %1:</translation>
    </message>
    <message>
        <source>Users without a partner</source>
        <translation>Benutzer ohne Partner</translation>
    </message>
    <message>
        <source>&amp;Pair With…</source>
        <translation>&amp;Zuordnen…</translation>
    </message>
    <message>
        <source>Add the selected user to the table and choose their partner on the other site</source>
        <translation>Den gewählten Benutzer in die Tabelle aufnehmen und seinen Partner auf der anderen Site wählen</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>CSV importieren…</translation>
    </message>
    <message>
        <source>Read a users table (A-ID,B-ID a line), as ferry-cli pair users --export writes it</source>
        <translation>Eine Benutzertabelle lesen (A-ID,B-ID je Zeile), wie ferry-cli pair users --export sie schreibt</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Write who is who as a users table, to edit in a spreadsheet and import again</source>
        <translation>Die Zuordnung als Benutzertabelle schreiben, um sie in einer Tabellenkalkulation zu bearbeiten und wieder zu importieren</translation>
    </message>
    <message>
        <source>Export Users Table</source>
        <translation>Benutzertabelle exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import Users Table</source>
        <translation>Benutzertabelle importieren</translation>
    </message>
    <message>
        <source>Nothing was changed:
%1</source>
        <translation>Nichts wurde geändert:
%1</translation>
    </message>
    <message>
        <source>Side %1: %2</source>
        <translation>Seite %1: %2</translation>
    </message>
    <message>
        <source>Every user has a partner on the other site.</source>
        <translation>Jeder Benutzer hat einen Partner auf der anderen Site.</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) without a partner. Jira Cloud hides most e-mail addresses: pair them here, or name a fallback user.</source>
        <translation>
            <numerusform>%n Benutzer ohne Partner. Jira Cloud verbirgt die meisten E-Mail-Adressen: Ordnen Sie sie hier zu oder nennen Sie einen Ersatzbenutzer.</numerusform>
            <numerusform>%n Benutzer ohne Partner. Jira Cloud verbirgt die meisten E-Mail-Adressen: Ordnen Sie sie hier zu oder nennen Sie einen Ersatzbenutzer.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>ferry::MappingTableModel</name>
    <message>
        <source>both ways</source>
        <translation>in beide Richtungen</translation>
    </message>
    <message>
        <source>A to B</source>
        <translation>A nach B</translation>
    </message>
    <message>
        <source>B to A</source>
        <translation>B nach A</translation>
    </message>
    <message>
        <source>Add a mapping</source>
        <translation>Eine Zuordnung hinzufügen</translation>
    </message>
    <message>
        <source>Remove a mapping</source>
        <translation>Eine Zuordnung entfernen</translation>
    </message>
    <message>
        <source>Edit a mapping</source>
        <translation>Eine Zuordnung bearbeiten</translation>
    </message>
    <message>
        <source>check: %1</source>
        <translation>prüfen: %1</translation>
    </message>
    <message>
        <source>doubtful suggestion: %1</source>
        <translation>zweifelhafter Vorschlag: %1</translation>
    </message>
    <message>
        <source>Side A</source>
        <translation>Seite A</translation>
    </message>
    <message>
        <source>Side B</source>
        <translation>Seite B</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>ferry::PairBundlesView</name>
    <message>
        <source>&amp;Export Bundles Now…</source>
        <translation>Bündel jetzt &amp;exportieren…</translation>
    </message>
    <message>
        <source>Write this side&apos;s changes the other console has not confirmed into a folder</source>
        <translation>Die Änderungen dieser Seite, die die andere Konsole noch nicht bestätigt hat, in einen Ordner schreiben</translation>
    </message>
    <message>
        <source>I&amp;mport Bundles…</source>
        <translation>Bündel i&amp;mportieren…</translation>
    </message>
    <message>
        <source>Read bundles the other console wrote; their changes are applied at once</source>
        <translation>Von der anderen Konsole geschriebene Bündel lesen; ihre Änderungen werden sofort angewendet</translation>
    </message>
    <message>
        <source>Export Bundles Into</source>
        <translation>Bündel exportieren nach</translation>
    </message>
    <message>
        <source>Import Bundles</source>
        <translation>Bündel importieren</translation>
    </message>
    <message>
        <source>Ferry bundles (*.ferry);;All files (*)</source>
        <translation>Ferry-Bündel (*.ferry);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This console runs side %1 and owns the configuration.</source>
        <translation>Diese Konsole betreibt Seite %1 und verwaltet die Konfiguration.</translation>
    </message>
    <message>
        <source>This console runs side %1; the other console owns the configuration.</source>
        <translation>Diese Konsole betreibt Seite %1; die andere Konsole verwaltet die Konfiguration.</translation>
    </message>
    <message>
        <source>Sent: changes up to %1, of which side %2 has up to %3 (last bundle %4).</source>
        <translation>Gesendet: Änderungen bis %1, davon hat Seite %2 bis %3 (letztes Bündel %4).</translation>
    </message>
    <message>
        <source>Received: side %1&apos;s changes up to %2, %3 still to apply (last bundle %4).</source>
        <translation>Empfangen: Änderungen von Seite %1 bis %2, %3 noch anzuwenden (letztes Bündel %4).</translation>
    </message>
    <message>
        <source>Exchanged by e-mail every %1 s: sent to %2, read from %3.</source>
        <translation>Austausch per E-Mail alle %1 s: gesendet an %2, gelesen aus %3.</translation>
    </message>
    <message numerus="yes">
        <source>%n bundle(s) wait to be sent.</source>
        <translation>
            <numerusform>%n Bündel wartet auf den Versand.</numerusform>
            <numerusform>%n Bündel warten auf den Versand.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exchanged by hand.</source>
        <translation>Austausch von Hand.</translation>
    </message>
    <message>
        <source>Exchanged through folders every %1 s: out to %2, in from %3.</source>
        <translation>Austausch über Ordner alle %1 s: hinaus nach %2, herein aus %3.</translation>
    </message>
    <message>
        <source>The other console&apos;s key fingerprint: %1</source>
        <translation>Schlüssel-Fingerabdruck der anderen Konsole: %1</translation>
    </message>
    <message>
        <source>Configuration version %1 is published; the other console has not accepted it yet.</source>
        <translation>Konfigurationsversion %1 ist veröffentlicht; die andere Konsole hat sie noch nicht angenommen.</translation>
    </message>
    <message>
        <source>The other console offers configuration version %1: accept or decline it with ferry-cli pair accept or decline.</source>
        <translation>Die andere Konsole bietet Konfigurationsversion %1 an: mit ferry-cli pair accept annehmen oder mit decline ablehnen.</translation>
    </message>
    <message>
        <source>Configuration version %1 was declined.</source>
        <translation>Konfigurationsversion %1 wurde abgelehnt.</translation>
    </message>
</context>
<context>
    <name>ferry::PairEditor</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>Scope of side %1 (JQL)</source>
        <translation>Umfang von Seite %1 (JQL)</translation>
    </message>
    <message>
        <source>Side %1 scope:</source>
        <translation>Umfang Seite %1:</translation>
    </message>
    <message>
        <source>&amp;Mappings</source>
        <translation>&amp;Zuordnungen</translation>
    </message>
    <message>
        <source>&amp;Options</source>
        <translation>&amp;Optionen</translation>
    </message>
    <message>
        <source>Sco&amp;pe</source>
        <translation>&amp;Umfang</translation>
    </message>
    <message>
        <source>Checks the configuration and puts it in force as a new version (Ctrl+S).</source>
        <translation>Prüft die Konfiguration und setzt sie als neue Version in Kraft (Strg+S).</translation>
    </message>
    <message>
        <source>Discards every unsaved edit.</source>
        <translation>Verwirft jede ungespeicherte Änderung.</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undoes the last mapping edit (Ctrl+Z).</source>
        <translation>Macht die letzte Änderung einer Zuordnung rückgängig (Strg+Z).</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren …</translation>
    </message>
    <message>
        <source>Reads a configuration file (as ferry-cli pair export writes it) into the editor.</source>
        <translation>Liest eine Konfigurationsdatei (wie ferry-cli pair export sie schreibt) in den Editor.</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <source>Writes the configuration as the editor has it to a file.</source>
        <translation>Schreibt die Konfiguration, wie der Editor sie hat, in eine Datei.</translation>
    </message>
    <message>
        <source>Pair configurations (*.json);;All files (*)</source>
        <translation>Paarkonfigurationen (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Configuration</source>
        <translation>Konfiguration exportieren</translation>
    </message>
    <message>
        <source>Import Configuration</source>
        <translation>Konfiguration importieren</translation>
    </message>
    <message>
        <source>Unsaved edits discarded: version %1 as it is in force.</source>
        <translation>Ungespeicherte Änderungen verworfen: Version %1, wie sie in Kraft ist.</translation>
    </message>
    <message>
        <source>No answer was kept: %1</source>
        <translation>Keine Antwort gespeichert: %1</translation>
    </message>
    <message>
        <source>Version %1 is in force here; the primary console hears it with the next bundle.</source>
        <translation>Version %1 ist hier in Kraft; die primäre Konsole erfährt es mit dem nächsten Bündel.</translation>
    </message>
    <message>
        <source>Version %1 is declined; the primary console hears it with the next bundle.</source>
        <translation>Version %1 ist abgelehnt; die primäre Konsole erfährt es mit dem nächsten Bündel.</translation>
    </message>
    <message>
        <source>Reading the pair&apos;s configuration and both sites…</source>
        <translation>Lese die Konfiguration des Paars und beide Sites …</translation>
    </message>
    <message>
        <source>The pair&apos;s configuration cannot be read: %1</source>
        <translation>Die Konfiguration des Paars ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Version %1 is in force.</source>
        <translation>Version %1 ist in Kraft.</translation>
    </message>
    <message>
        <source> This console is the primary of a pair exchanged by bundles: saving publishes the new version; it goes with the next bundle, and this one stays in force on both consoles until the other accepts it.</source>
        <translation> Diese Konsole ist die primäre eines per Bündel ausgetauschten Paars: Speichern veröffentlicht die neue Version; sie reist mit dem nächsten Bündel, und diese bleibt auf beiden Konsolen in Kraft, bis die andere sie annimmt.</translation>
    </message>
    <message>
        <source> The primary console owns this configuration: it is shown here, and what the primary publishes waits here for your answer.</source>
        <translation> Die primäre Konsole besitzt diese Konfiguration: sie wird hier gezeigt, und was die primäre veröffentlicht, wartet hier auf Ihre Antwort.</translation>
    </message>
    <message>
        <source> Version %1 is published and waits for the other console&apos;s answer.</source>
        <translation> Version %1 ist veröffentlicht und wartet auf die Antwort der anderen Konsole.</translation>
    </message>
    <message>
        <source> The primary offers version %1: accept it to put it in force here, or decline it.</source>
        <translation> Die primäre Konsole bietet Version %1 an: nehmen Sie sie an, um sie hier in Kraft zu setzen, oder lehnen Sie sie ab.</translation>
    </message>
    <message>
        <source>A site could not be read (%1); its choices are missing and ids are not checked against it.</source>
        <translation>Eine Site war nicht lesbar (%1); ihre Auswahl fehlt, und IDs werden nicht gegen sie geprüft.</translation>
    </message>
    <message>
        <source>Unsaved edits.</source>
        <translation>Ungespeicherte Änderungen.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was saved: %n problem(s), each shown at its row.
%1</source>
        <translation>
            <numerusform>Nichts wurde gespeichert: %n Problem, in seiner Zeile gezeigt.
%1</numerusform>
            <numerusform>Nichts wurde gespeichert: %n Probleme, jedes in seiner Zeile gezeigt.
%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Speichere …</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>Nichts wurde gespeichert: %1</translation>
    </message>
    <message>
        <source>Version %1 is published: it goes with the next bundle; version %2 stays in force on both consoles until the other one accepts it.</source>
        <translation>Version %1 ist veröffentlicht: sie reist mit dem nächsten Bündel; Version %2 bleibt auf beiden Konsolen in Kraft, bis die andere sie annimmt.</translation>
    </message>
    <message>
        <source>Saved as version %1; the pair restarts to use it.</source>
        <translation>Als Version %1 gespeichert; das Paar startet neu, um sie zu nutzen.</translation>
    </message>
    <message>
        <source>Saved as version %1; the pair uses it from its next start.</source>
        <translation>Als Version %1 gespeichert; das Paar nutzt sie ab seinem nächsten Start.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Kann %1 nicht lesen: %2</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2 at offset %3); nothing was imported.</source>
        <translation>%1 ist kein JSON-Objekt (%2 an Position %3); nichts wurde importiert.</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was imported:
%2</source>
        <translation>
            <numerusform>%1 hat %n Problem; nichts wurde importiert:
%2</numerusform>
            <numerusform>%1 hat %n Probleme; nichts wurde importiert:
%2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 pairs other sites or projects (%2:%3 ⇄ %4:%5); a pair&apos;s sides stay as they are. Nothing was imported.</source>
        <translation>%1 paart andere Sites oder Projekte (%2:%3 ⇄ %4:%5); die Seiten eines Paars bleiben, wie sie sind. Nichts wurde importiert.</translation>
    </message>
    <message>
        <source>Imported %1: check it, then save.</source>
        <translation>%1 importiert: prüfen Sie es, dann speichern.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Kann %1 nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Wrote the configuration to %1.</source>
        <translation>Konfiguration nach %1 geschrieben.</translation>
    </message>
</context>
<context>
    <name>ferry::PairOptionsEditor</name>
    <message>
        <source>both ways</source>
        <translation>in beide Richtungen</translation>
    </message>
    <message>
        <source>A to B only</source>
        <translation>nur A nach B</translation>
    </message>
    <message>
        <source>B to A only</source>
        <translation>nur B nach A</translation>
    </message>
    <message>
        <source>Create missing &amp;versions on the target</source>
        <translation>Fehlende &amp;Versionen im Ziel anlegen</translation>
    </message>
    <message>
        <source>Create missing c&amp;omponents on the target</source>
        <translation>Fehlende K&amp;omponenten im Ziel anlegen</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>stay on their side</source>
        <translation>bleiben auf ihrer Seite</translation>
    </message>
    <message>
        <source>travel with the visibility mapped</source>
        <translation>werden mit zugeordneter Sichtbarkeit übertragen</translation>
    </message>
    <message>
        <source>Restricted comments:</source>
        <translation>Eingeschränkte Kommentare:</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Largest attachment:</source>
        <translation>Größter Anhang:</translation>
    </message>
    <message>
        <source>all but those matching</source>
        <translation>alle außer den passenden</translation>
    </message>
    <message>
        <source>only those matching</source>
        <translation>nur die passenden</translation>
    </message>
    <message>
        <source>Attachments that travel:</source>
        <translation>Übertragene Anhänge:</translation>
    </message>
    <message>
        <source>image/*, application/pdf</source>
        <translation>image/*, application/pdf</translation>
    </message>
    <message>
        <source>MIME types:</source>
        <translation>MIME-Typen:</translation>
    </message>
    <message>
        <source>*.exe, secret-*</source>
        <translation>*.exe, geheim-*</translation>
    </message>
    <message>
        <source>File names:</source>
        <translation>Dateinamen:</translation>
    </message>
    <message>
        <source>Worklogs</source>
        <translation>Arbeitsprotokolle</translation>
    </message>
    <message>
        <source>worklogs</source>
        <translation>Arbeitsprotokolle</translation>
    </message>
    <message>
        <source>leave it (it travels as a field when mapped)</source>
        <translation>unverändert lassen (sie wird als Feld übertragen, wenn zugeordnet)</translation>
    </message>
    <message>
        <source>reduce it by the time logged</source>
        <translation>um die protokollierte Zeit verringern</translation>
    </message>
    <message>
        <source>Remaining estimate:</source>
        <translation>Restschätzung:</translation>
    </message>
    <message>
        <source>Issue links</source>
        <translation>Vorgangsverknüpfungen</translation>
    </message>
    <message>
        <source>links</source>
        <translation>Verknüpfungen</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>Paar</translation>
    </message>
    <message>
        <source>ask me (conflict viewer)</source>
        <translation>mich fragen (Konfliktansicht)</translation>
    </message>
    <message>
        <source>side A wins</source>
        <translation>Seite A gewinnt</translation>
    </message>
    <message>
        <source>side B wins</source>
        <translation>Seite B gewinnt</translation>
    </message>
    <message>
        <source>the newest change wins</source>
        <translation>die neueste Änderung gewinnt</translation>
    </message>
    <message>
        <source>Con&amp;flicts:</source>
        <translation>Kon&amp;flikte:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Ask the sites every:</source>
        <translation>Die Sites abfragen alle:</translation>
    </message>
    <message>
        <source>Sync %1</source>
        <translation>%1 synchronisieren</translation>
    </message>
    <message>
        <source>Direction of %1</source>
        <translation>Richtung der %1</translation>
    </message>
    <message>
        <source>Deleting the original deletes its copy</source>
        <translation>Löschen des Originals löscht seine Kopie</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>Richtung:</translation>
    </message>
    <message>
        <source>Sync the projects&apos; versions</source>
        <translation>Versionen der Projekte abgleichen</translation>
    </message>
    <message>
        <source>Name, description, release date, released and archived</source>
        <translation>Name, Beschreibung, Veröffentlichungsdatum, veröffentlicht und archiviert</translation>
    </message>
    <message>
        <source>travel as internal notes</source>
        <translation>als interne Notizen übertragen</translation>
    </message>
    <message>
        <source>Internal notes of Jira Service Management projects</source>
        <translation>Interne Notizen von Jira-Service-Management-Projekten</translation>
    </message>
    <message>
        <source>Internal notes:</source>
        <translation>Interne Notizen:</translation>
    </message>
    <message>
        <source>become remote links to the issue</source>
        <translation>werden Remote-Links auf den Vorgang</translation>
    </message>
    <message>
        <source>Links to issues outside the pair:</source>
        <translation>Links zu Vorgängen außerhalb des Paars:</translation>
    </message>
    <message>
        <source>Read &amp;Key Map…</source>
        <translation>&amp;Schlüsselzuordnung lesen…</translation>
    </message>
    <message>
        <source>Key Map</source>
        <translation>Schlüsselzuordnung</translation>
    </message>
    <message>
        <source>Key maps (*.csv *.txt);;All files (*)</source>
        <translation>Schlüsselzuordnungen (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Issues on both sides already</source>
        <translation>Vorgänge, die es auf beiden Seiten schon gibt</translation>
    </message>
    <message>
        <source>are copied like the others (no matching)</source>
        <translation>werden wie die anderen kopiert (kein Abgleich)</translation>
    </message>
    <message>
        <source>are linked where a field of each side holds the same value</source>
        <translation>werden verknüpft, wo ein Feld jeder Seite denselben Wert hat</translation>
    </message>
    <message>
        <source>are linked as a key map file pairs them</source>
        <translation>werden verknüpft, wie eine Schlüsselzuordnungsdatei sie paart</translation>
    </message>
    <message>
        <source>Issues that exist on both sides:</source>
        <translation>Vorgänge auf beiden Seiten:</translation>
    </message>
    <message>
        <source>key, summary or customfield_…</source>
        <translation>key, summary oder customfield_…</translation>
    </message>
    <message>
        <source>on A equals</source>
        <translation>auf A gleich</translation>
    </message>
    <message>
        <source>on B</source>
        <translation>auf B</translation>
    </message>
    <message>
        <source>Field:</source>
        <translation>Feld:</translation>
    </message>
    <message>
        <source>Key map:</source>
        <translation>Schlüsselzuordnung:</translation>
    </message>
    <message>
        <source>side A&apos;s content wins</source>
        <translation>der Inhalt von Seite A gewinnt</translation>
    </message>
    <message>
        <source>side B&apos;s content wins</source>
        <translation>der Inhalt von Seite B gewinnt</translation>
    </message>
    <message>
        <source>Once linked:</source>
        <translation>Nach dem Verknüpfen:</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 pairs no issues.</source>
        <translation>%1 paart keine Vorgänge.</translation>
    </message>
    <message>
        <source>%1 is not read: %2</source>
        <translation>%1 wird nicht übernommen: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) of keys</source>
        <translation>
            <numerusform>%n Schlüsselpaar</numerusform>
            <numerusform>%n Schlüsselpaare</numerusform>
        </translation>
    </message>
    <message>
        <source>none read</source>
        <translation>keine gelesen</translation>
    </message>
    <message>
        <source>become a line of text in a comment</source>
        <translation>werden eine Textzeile in einem Kommentar</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Older history of the changes that travelled, and of the rounds, is compacted once a day; what is still on its way stays.</source>
        <translation>Ältere Verläufe übertragener Änderungen und der Durchläufe werden einmal täglich verdichtet; was noch unterwegs ist, bleibt.</translation>
    </message>
    <message>
        <source>Keep the history for:</source>
        <translation>Verlauf aufbewahren für:</translation>
    </message>
</context>
<context>
    <name>ferry::PairView</name>
    <message>
        <source>not known yet</source>
        <translation>noch nicht bekannt</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Linked issues:</source>
        <translation>Verknüpfte Vorgänge:</translation>
    </message>
    <message>
        <source>Pending changes:</source>
        <translation>Ausstehende Änderungen:</translation>
    </message>
    <message>
        <source>Open conflicts:</source>
        <translation>Offene Konflikte:</translation>
    </message>
    <message>
        <source>Parked issues:</source>
        <translation>Zurückgestellte Vorgänge:</translation>
    </message>
    <message>
        <source>Requests sent:</source>
        <translation>Gesendete Anfragen:</translation>
    </message>
    <message>
        <source>Sync &amp;Now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Run a round now instead of waiting for the poll interval</source>
        <translation>Eine Runde jetzt ausführen, statt auf das Abfrageintervall zu warten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>An&amp;halten</translation>
    </message>
    <message>
        <source>The pair stopped: %1</source>
        <translation>Das Paar wurde angehalten: %1</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>Waiting for the next round</source>
        <translation>Wartet auf die nächste Runde</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>S&amp;tarten</translation>
    </message>
    <message>
        <source>%1 from A to B, %2 from B to A</source>
        <translation>%1 von A nach B, %2 von B nach A</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>A %1, B %2</source>
        <translation>A %1, B %2</translation>
    </message>
    <message>
        <source>&amp;Issues</source>
        <translation>&amp;Vorgänge</translation>
    </message>
    <message>
        <source>&amp;Conflicts</source>
        <translation>&amp;Konflikte</translation>
    </message>
    <message>
        <source>&amp;Rounds</source>
        <translation>&amp;Runden</translation>
    </message>
    <message>
        <source>&amp;Conflicts (%1)</source>
        <translation>&amp;Konflikte (%1)</translation>
    </message>
    <message>
        <source>Changes caught up</source>
        <translation>Aufgeholte Änderungen</translation>
    </message>
    <message>
        <source>Catching up: %1 changes wait for the next rounds, about %2 s</source>
        <translation>Aufholen: %1 Änderungen warten auf die nächsten Runden, etwa %2 s</translation>
    </message>
    <message>
        <source>B&amp;undles</source>
        <translation>B&amp;ündel</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird aufgebaut …</translation>
    </message>
    <message>
        <source>Jira Cloud&apos;s hourly quota is spent on site %1 (side %2): every request to it waits; resuming at %3.</source>
        <translation>Das stündliche Kontingent von Jira Cloud ist auf Site %1 (Seite %2) aufgebraucht: Jede Anfrage an sie wartet; weiter um %3.</translation>
    </message>
</context>
<context>
    <name>ferry::PairWizard</name>
    <message>
        <source>Cloud ⇄ Cloud</source>
        <translation>Cloud ⇄ Cloud</translation>
    </message>
    <message>
        <source>One console reaches two Jira Cloud sites over HTTPS. Needs: both sites on Jira Cloud, an account on each that may read and write the projects, and a license for each site that the license service confirms online.</source>
        <translation>Eine Konsole erreicht zwei Jira-Cloud-Sites über HTTPS. Nötig: beide Sites auf Jira Cloud, auf jeder ein Konto, das die Projekte lesen und schreiben darf, und für jede Site eine Lizenz, die der Lizenzdienst online bestätigt.</translation>
    </message>
    <message>
        <source>Data Center ⇄ Data Center or Cloud</source>
        <translation>Data Center ⇄ Data Center oder Cloud</translation>
    </message>
    <message>
        <source>One console inside the Data Center&apos;s network reaches both sites over HTTPS. Needs: at least one Data Center site, an account on each, a license file for each site; a Cloud site&apos;s license is confirmed online too.</source>
        <translation>Eine Konsole im Netz des Data Center erreicht beide Sites über HTTPS. Nötig: mindestens eine Data-Center-Site, ein Konto auf jeder, eine Lizenzdatei für jede Site; die Lizenz einer Cloud-Site wird zusätzlich online bestätigt.</translation>
    </message>
    <message>
        <source>Remote license</source>
        <translation>Fernlizenz</translation>
    </message>
    <message>
        <source>Ferry runs on the Data Center side only; the other site needs no license of its own. Needs: a Data Center site holding a remote license with an endpoint free, an account on each site, and the license service online.</source>
        <translation>Ferry läuft nur auf der Data-Center-Seite; die andere Site braucht keine eigene Lizenz. Nötig: eine Data-Center-Site mit einer Fernlizenz mit freiem Endpunkt, ein Konto auf jeder Site und der Lizenzdienst online.</translation>
    </message>
    <message>
        <source>Behind firewalls: e-mail</source>
        <translation>Hinter Firewalls: E-Mail</translation>
    </message>
    <message>
        <source>A console in each network; changes travel as signed, encrypted bundles by SMTP and IMAP. Needs: a license file on each side, a mailbox for each console, and a handshake between the two consoles.</source>
        <translation>Eine Konsole in jedem Netz; Änderungen reisen als signierte, verschlüsselte Bündel per SMTP und IMAP. Nötig: eine Lizenzdatei auf jeder Seite, ein Postfach für jede Konsole und ein Handshake zwischen den beiden Konsolen.</translation>
    </message>
    <message>
        <source>Behind firewalls: files</source>
        <translation>Hinter Firewalls: Dateien</translation>
    </message>
    <message>
        <source>A console in each network; people carry the signed, encrypted bundles between two folders. Needs: a license file on each side, an exchange folder for each console, and a handshake between the two consoles.</source>
        <translation>Eine Konsole in jedem Netz; Menschen tragen die signierten, verschlüsselten Bündel zwischen zwei Ordnern. Nötig: eine Lizenzdatei auf jeder Seite, ein Austauschordner für jede Konsole und ein Handshake zwischen den beiden Konsolen.</translation>
    </message>
    <message>
        <source>How do the two sites connect?</source>
        <translation>Wie verbinden sich die beiden Sites?</translation>
    </message>
    <message>
        <source>Pick the connection mode; the diagram shows who runs Ferry and which way the changes travel.</source>
        <translation>Wählen Sie die Verbindungsart; das Diagramm zeigt, wer Ferry betreibt und welchen Weg die Änderungen nehmen.</translation>
    </message>
    <message>
        <source>Diagram: %1</source>
        <translation>Diagramm: %1</translation>
    </message>
    <message>
        <source>Connect both Jira sites</source>
        <translation>Beide Jira-Sites verbinden</translation>
    </message>
    <message>
        <source>Choose or add each site, name its project and check the connection: every requirement gets a line, with a fix for what fails.</source>
        <translation>Wählen oder ergänzen Sie jede Site, nennen Sie ihr Projekt und prüfen Sie die Verbindung: jede Anforderung erhält eine Zeile, mit einer Abhilfe für das, was scheitert.</translation>
    </message>
    <message>
        <source>Side A</source>
        <translation>Seite A</translation>
    </message>
    <message>
        <source>Side B</source>
        <translation>Seite B</translation>
    </message>
    <message>
        <source>The configured sites cannot be read: %1</source>
        <translation>Die eingerichteten Sites sind nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Both sides name the same project on the same site.</source>
        <translation>Beide Seiten nennen dasselbe Projekt auf derselben Site.</translation>
    </message>
    <message>
        <source>Cloud ⇄ Cloud needs two Jira Cloud sites; one of these is Data Center: go back and pick Data Center ⇄ Data Center or Cloud.</source>
        <translation>Cloud ⇄ Cloud braucht zwei Jira-Cloud-Sites; eine davon ist Data Center: gehen Sie zurück und wählen Sie Data Center ⇄ Data Center oder Cloud.</translation>
    </message>
    <message>
        <source>This mode needs a Data Center site; both are Jira Cloud: go back and pick Cloud ⇄ Cloud.</source>
        <translation>Diese Art braucht eine Data-Center-Site; beide sind Jira Cloud: gehen Sie zurück und wählen Sie Cloud ⇄ Cloud.</translation>
    </message>
    <message>
        <source>Name the pair and choose its issues</source>
        <translation>Das Paar benennen und seine Vorgänge wählen</translation>
    </message>
    <message>
        <source>Each side&apos;s scope is a JQL query; the issues it matches take part in the pair. The count follows as you type.</source>
        <translation>Der Umfang jeder Seite ist eine JQL-Abfrage; die passenden Vorgänge nehmen am Paar teil. Die Anzahl folgt beim Tippen.</translation>
    </message>
    <message>
        <source>Name of the pair</source>
        <translation>Name des Paars</translation>
    </message>
    <message>
        <source>Pair &amp;name:</source>
        <translation>&amp;Name des Paars:</translation>
    </message>
    <message>
        <source>Scope of side %1 (JQL)</source>
        <translation>Umfang von Seite %1 (JQL)</translation>
    </message>
    <message>
        <source>Side %1 scope:</source>
        <translation>Umfang Seite %1:</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>zähle …</translation>
    </message>
    <message>
        <source>Cannot read what the sites have: %1</source>
        <translation>Kann nicht lesen, was die Sites haben: %1</translation>
    </message>
    <message>
        <source>Both sites connected; their fields, issue types, statuses and users are read.</source>
        <translation>Beide Sites verbunden; ihre Felder, Vorgangstypen, Status und Benutzer sind gelesen.</translation>
    </message>
    <message numerus="yes">
        <source>%n issue(s) match.</source>
        <translation>
            <numerusform>%n Vorgang passt.</numerusform>
            <numerusform>%n Vorgänge passen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The site refuses this query: %1</source>
        <translation>Die Site lehnt diese Abfrage ab: %1</translation>
    </message>
    <message>
        <source>Connecting to both sites and reading what they have…</source>
        <translation>Verbinde mit beiden Sites und lese, was sie haben …</translation>
    </message>
    <message>
        <source>Check how the two sides map</source>
        <translation>Prüfen, wie die beiden Seiten zusammenpassen</translation>
    </message>
    <message>
        <source>Ferry matched issue types, statuses, fields, priorities and users by name, then by kind. Highlighted rows rest on less than an exact name: check them. Double-click a cell to change it.</source>
        <translation>Ferry hat Vorgangstypen, Status, Felder, Prioritäten und Benutzer per Name, dann per Art abgeglichen. Hervorgehobene Zeilen beruhen auf weniger als einem genauen Namen: prüfen Sie sie. Doppelklicken Sie eine Zelle, um sie zu ändern.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix first; each is shown at its row.</source>
        <translation>
            <numerusform>Zuerst %n Problem beheben; es steht in seiner Zeile.</numerusform>
            <numerusform>Zuerst %n Probleme beheben; jedes steht in seiner Zeile.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s) to check are highlighted.</source>
        <translation>
            <numerusform>%n zu prüfender Vorschlag ist hervorgehoben.</numerusform>
            <numerusform>%n zu prüfende Vorschläge sind hervorgehoben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every mapping rests on an exact name or an admin&apos;s choice.</source>
        <translation>Jede Zuordnung beruht auf einem genauen Namen oder der Wahl eines Admins.</translation>
    </message>
    <message>
        <source>Choose what travels</source>
        <translation>Wählen, was übertragen wird</translation>
    </message>
    <message>
        <source>Comments, attachments, worklogs and links each travel as set here; a conflict is the same field changed to different values on both sides.</source>
        <translation>Kommentare, Anhänge, Arbeitsprotokolle und Verknüpfungen werden wie hier eingestellt übertragen; ein Konflikt ist dasselbe Feld, auf beiden Seiten verschieden geändert.</translation>
    </message>
    <message>
        <source>&amp;Dry Run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>&amp;Start the pair when it is stored</source>
        <translation>Das Paar nach dem Speichern &amp;starten</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Nothing is stored yet. A dry run reads both scopes and shows what the first sync would create, without writing anything.</source>
        <translation>Noch ist nichts gespeichert. Ein Probelauf liest beide Umfänge und zeigt, was die erste Synchronisierung anlegen würde, ohne etwas zu schreiben.</translation>
    </message>
    <message>
        <source>&amp;Create Pair</source>
        <translation>Paar &amp;anlegen</translation>
    </message>
    <message>
        <source>Summary of the new pair</source>
        <translation>Zusammenfassung des neuen Paars</translation>
    </message>
    <message>
        <source>Reads every issue in both scopes and works out what the first sync would create; nothing is written.</source>
        <translation>Liest jeden Vorgang beider Umfänge und ermittelt, was die erste Synchronisierung anlegen würde; nichts wird geschrieben.</translation>
    </message>
    <message>
        <source>What the first sync would do</source>
        <translation>Was die erste Synchronisierung täte</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>First sync</source>
        <translation>Erste Synchronisierung</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>The pair was not stored: %1</source>
        <translation>Das Paar wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Storing the sites and the pair…</source>
        <translation>Speichere die Sites und das Paar …</translation>
    </message>
    <message>
        <source>%1:%2 (%3), scope &lt;tt&gt;%4&lt;/tt&gt;</source>
        <translation>%1:%2 (%3), Umfang &lt;tt&gt;%4&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>Jira Cloud</source>
        <translation>Jira Cloud</translation>
    </message>
    <message>
        <source>Jira Data Center</source>
        <translation>Jira Data Center</translation>
    </message>
    <message>
        <source>both ways</source>
        <translation>in beide Richtungen</translation>
    </message>
    <message>
        <source>A to B</source>
        <translation>A nach B</translation>
    </message>
    <message>
        <source>B to A</source>
        <translation>B nach A</translation>
    </message>
    <message>
        <source>not synced</source>
        <translation>nicht synchronisiert</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1&lt;/h3&gt;&lt;p&gt;A: %2&lt;br&gt;B: %3&lt;/p&gt;</source>
        <translation>&lt;h3&gt;%1&lt;/h3&gt;&lt;p&gt;A: %2&lt;br&gt;B: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 issue types, %2 statuses and %3 fields mapped; comments %4, attachments %5, worklogs %6, links %7; conflicts: %8; the sites are asked every %9 s.&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 Vorgangstypen, %2 Status und %3 Felder zugeordnet; Kommentare %4, Anhänge %5, Arbeitsprotokolle %6, Verknüpfungen %7; Konflikte: %8; die Sites werden alle %9 s abgefragt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Checking the licenses this pair needs…&lt;/p&gt;</source>
        <translation>&lt;p&gt;Prüfe die Lizenzen, die dieses Paar braucht …&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Licenses (%1):&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Lizenzen (%1):&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;fix: %1</source>
        <translation>&lt;br&gt;Abhilfe: %1</translation>
    </message>
    <message>
        <source>The dry run failed: %1</source>
        <translation>Der Probelauf ist gescheitert: %1</translation>
    </message>
    <message>
        <source>The pair is stored</source>
        <translation>Das Paar ist gespeichert</translation>
    </message>
    <message>
        <source>It is in the sidebar under Sync Pairs. Its first round links or creates the issues already in scope; the pair&apos;s page shows how it goes, and the log says what Ferry does.</source>
        <translation>Es steht in der Seitenleiste unter Sync-Paare. Seine erste Runde verknüpft oder legt die Vorgänge an, die schon im Umfang sind; die Seite des Paars zeigt, wie es läuft, und das Protokoll sagt, was Ferry tut.</translation>
    </message>
    <message>
        <source>New Sync Pair</source>
        <translation>Neues Sync-Paar</translation>
    </message>
    <message>
        <source>&amp;Start the pair here: this console writes the handshake (primary; it owns the configuration)</source>
        <translation>Das Paar hier &amp;beginnen: diese Konsole schreibt den Handshake (primär; sie besitzt die Konfiguration)</translation>
    </message>
    <message>
        <source>&amp;Answer a handshake the other console wrote (secondary)</source>
        <translation>Einen Handshake der anderen Konsole &amp;beantworten (sekundär)</translation>
    </message>
    <message>
        <source>Which console are you at?</source>
        <translation>An welcher Konsole sind Sie?</translation>
    </message>
    <message>
        <source>Each network runs its own console. One starts the pair with a handshake file and a one-time code; the other answers it; the first imports the answer.</source>
        <translation>Jedes Netz betreibt seine eigene Konsole. Eine beginnt das Paar mit einer Handshake-Datei und einem Einmalcode; die andere beantwortet ihn; die erste importiert die Antwort.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Browse: %1</source>
        <translation>Durchsuchen: %1</translation>
    </message>
    <message>
        <source>This console&apos;s site</source>
        <translation>Die Site dieser Konsole</translation>
    </message>
    <message>
        <source>This console reaches its own site only; the other console brings the other. Bundles go through two folders (a share, or one that people empty and fill), or by hand from the pair&apos;s Bundles tab.</source>
        <translation>Diese Konsole erreicht nur ihre eigene Site; die andere Konsole bringt die andere mit. Bündel reisen durch zwei Ordner (eine Freigabe, oder einer, den Menschen leeren und füllen), oder von Hand über den Reiter Bündel des Paars.</translation>
    </message>
    <message>
        <source>side A</source>
        <translation>Seite A</translation>
    </message>
    <message>
        <source>side B</source>
        <translation>Seite B</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>This site is:</source>
        <translation>Diese Site ist:</translation>
    </message>
    <message>
        <source>Write bundles &amp;into:</source>
        <translation>Bündel schreiben &amp;in:</translation>
    </message>
    <message>
        <source>Folder for outgoing bundles</source>
        <translation>Ordner für ausgehende Bündel</translation>
    </message>
    <message>
        <source>Read bundles &amp;from:</source>
        <translation>Bündel lesen &amp;aus:</translation>
    </message>
    <message>
        <source>Folder of incoming bundles</source>
        <translation>Ordner der eingehenden Bündel</translation>
    </message>
    <message>
        <source>Exchange every:</source>
        <translation>Austauschen alle:</translation>
    </message>
    <message>
        <source>&amp;Write Handshake</source>
        <translation>Handshake &amp;schreiben</translation>
    </message>
    <message>
        <source>&amp;Import Answer…</source>
        <translation>Antwort &amp;importieren …</translation>
    </message>
    <message>
        <source>Write the handshake</source>
        <translation>Den Handshake schreiben</translation>
    </message>
    <message>
        <source>Carry the file to the other console and tell its admin the code by phone or in person, never with the file. Compare the key fingerprints too.</source>
        <translation>Tragen Sie die Datei zur anderen Konsole und sagen Sie deren Admin den Code per Telefon oder persönlich, nie mit der Datei. Vergleichen Sie auch die Fingerabdrücke der Schlüssel.</translation>
    </message>
    <message>
        <source>Where the handshake is written</source>
        <translation>Wohin der Handshake geschrieben wird</translation>
    </message>
    <message>
        <source>Write Handshake</source>
        <translation>Handshake schreiben</translation>
    </message>
    <message>
        <source>Handshake file:</source>
        <translation>Handshake-Datei:</translation>
    </message>
    <message>
        <source>Choose where the handshake goes first.</source>
        <translation>Wählen Sie zuerst, wohin der Handshake geht.</translation>
    </message>
    <message>
        <source>Reading the site and writing the handshake…</source>
        <translation>Lese die Site und schreibe den Handshake …</translation>
    </message>
    <message>
        <source>No handshake was written: %1</source>
        <translation>Kein Handshake wurde geschrieben: %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;Handshake of pair %1 written.&lt;/p&gt;&lt;p&gt;Code: &lt;b&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;/b&gt;&lt;br&gt;It is not kept: tell it now.&lt;/p&gt;&lt;p&gt;This console&apos;s key fingerprint: &lt;tt&gt;%3&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;When the answer comes, import it here, or later with File ▸ Import Handshake Answer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Handshake des Paars %1 geschrieben.&lt;/p&gt;&lt;p&gt;Code: &lt;b&gt;&lt;tt&gt;%2&lt;/tt&gt;&lt;/b&gt;&lt;br&gt;Er wird nicht aufbewahrt: sagen Sie ihn jetzt.&lt;/p&gt;&lt;p&gt;Fingerabdruck des Schlüssels dieser Konsole: &lt;tt&gt;%3&lt;/tt&gt;&lt;/p&gt;&lt;p&gt;Wenn die Antwort kommt, importieren Sie sie hier, oder später mit Datei ▸ Handshake-Antwort importieren.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import Handshake Answer</source>
        <translation>Handshake-Antwort importieren</translation>
    </message>
    <message>
        <source>Importing the answer…</source>
        <translation>Importiere die Antwort …</translation>
    </message>
    <message>
        <source>The answer was not imported: %1</source>
        <translation>Die Antwort wurde nicht importiert: %1</translation>
    </message>
    <message>
        <source>Pair %1 is connected. The other console&apos;s key fingerprint: &lt;tt&gt;%2&lt;/tt&gt; (compare it with its admin).</source>
        <translation>Paar %1 ist verbunden. Fingerabdruck des Schlüssels der anderen Konsole: &lt;tt&gt;%2&lt;/tt&gt; (vergleichen Sie ihn mit deren Admin).</translation>
    </message>
    <message>
        <source>&amp;Answer Handshake</source>
        <translation>Handshake &amp;beantworten</translation>
    </message>
    <message>
        <source>Answer the handshake</source>
        <translation>Den Handshake beantworten</translation>
    </message>
    <message>
        <source>Open the handshake with the code its admin told you; the pair is created here, its configuration completed from both sites, and the answer written for the other console.</source>
        <translation>Öffnen Sie den Handshake mit dem Code, den dessen Admin Ihnen sagte; das Paar wird hier angelegt, seine Konfiguration aus beiden Sites vervollständigt und die Antwort für die andere Konsole geschrieben.</translation>
    </message>
    <message>
        <source>&amp;Handshake file:</source>
        <translation>&amp;Handshake-Datei:</translation>
    </message>
    <message>
        <source>Handshake to answer</source>
        <translation>Zu beantwortender Handshake</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Einmalcode</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Code:</translation>
    </message>
    <message>
        <source>Write the a&amp;nswer to:</source>
        <translation>A&amp;ntwort schreiben nach:</translation>
    </message>
    <message>
        <source>Where the answer is written</source>
        <translation>Wohin die Antwort geschrieben wird</translation>
    </message>
    <message>
        <source>the other console&apos;s name for it</source>
        <translation>der Name der anderen Konsole dafür</translation>
    </message>
    <message>
        <source>Pair name &amp;here:</source>
        <translation>Name des Paars &amp;hier:</translation>
    </message>
    <message>
        <source>Give the handshake file, its code and where the answer goes.</source>
        <translation>Geben Sie die Handshake-Datei, ihren Code und das Ziel der Antwort an.</translation>
    </message>
    <message>
        <source>Opening the handshake and reading the site…</source>
        <translation>Öffne den Handshake und lese die Site …</translation>
    </message>
    <message>
        <source>The handshake was not answered: %1</source>
        <translation>Der Handshake wurde nicht beantwortet: %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;Pair %1 created: %2:%3 ⇄ %4:%5 (%6 fields, %7 issue types, %8 statuses mapped; check them on the pair&apos;s Configuration tab).&lt;/p&gt;&lt;p&gt;The answer is written: carry it to the other console.&lt;/p&gt;&lt;p&gt;The other console&apos;s key fingerprint: &lt;tt&gt;%9&lt;/tt&gt;&lt;br&gt;This console&apos;s: &lt;tt&gt;%10&lt;/tt&gt; (compare both with the other admin)&lt;/p&gt;</source>
        <translation>&lt;p&gt;Paar %1 angelegt: %2:%3 ⇄ %4:%5 (%6 Felder, %7 Vorgangstypen, %8 Status zugeordnet; prüfen Sie sie im Reiter Konfiguration des Paars).&lt;/p&gt;&lt;p&gt;Die Antwort ist geschrieben: tragen Sie sie zur anderen Konsole.&lt;/p&gt;&lt;p&gt;Fingerabdruck des Schlüssels der anderen Konsole: &lt;tt&gt;%9&lt;/tt&gt;&lt;br&gt;Dieser Konsole: &lt;tt&gt;%10&lt;/tt&gt; (vergleichen Sie beide mit dem anderen Admin)&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ferry files (*.ferry);;All files (*)</source>
        <translation>Ferry-Dateien (*.ferry);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This console reaches its own site and mail servers only. It sends bundles to the other console&apos;s address and reads its own mailbox; the handshake travels by mail too.</source>
        <translation>Diese Konsole erreicht nur ihre eigene Site und ihre Mailserver. Sie sendet Bündel an die Adresse der anderen Konsole und liest ihr eigenes Postfach; auch der Handshake reist per E-Mail.</translation>
    </message>
    <message>
        <source>Type the mail password.</source>
        <translation>Geben Sie das Mail-Passwort ein.</translation>
    </message>
    <message>
        <source>&amp;SMTP server:</source>
        <translation>&amp;SMTP-Server:</translation>
    </message>
    <message>
        <source>&amp;IMAP server:</source>
        <translation>&amp;IMAP-Server:</translation>
    </message>
    <message>
        <source>Mail &amp;login:</source>
        <translation>Mail-&amp;Anmeldung:</translation>
    </message>
    <message>
        <source>Mail pass&amp;word:</source>
        <translation>Mail-Pass&amp;wort:</translation>
    </message>
    <message>
        <source>This console&apos;s &amp;address:</source>
        <translation>&amp;Adresse dieser Konsole:</translation>
    </message>
    <message>
        <source>The other console&apos;s a&amp;ddress:</source>
        <translation>A&amp;dresse der anderen Konsole:</translation>
    </message>
    <message>
        <source>Trusted CAs (PEM):</source>
        <translation>Vertrauenswürdige CAs (PEM):</translation>
    </message>
    <message>
        <source>Certificate authorities to trust</source>
        <translation>Zertifizierungsstellen, denen vertraut wird</translation>
    </message>
    <message>
        <source>Check &amp;Mail</source>
        <translation>&amp;Mail prüfen</translation>
    </message>
    <message>
        <source>Connects to both servers over TLS, logs in, and sends a test message to this console&apos;s own address that must arrive.</source>
        <translation>Verbindet sich per TLS mit beiden Servern, meldet sich an und sendet eine Testnachricht an die eigene Adresse dieser Konsole, die ankommen muss.</translation>
    </message>
    <message>
        <source>Checking the mail servers…</source>
        <translation>Prüfe die Mailserver …</translation>
    </message>
    <message>
        <source>Looking for the answer in the mailbox…</source>
        <translation>Suche die Antwort im Postfach …</translation>
    </message>
    <message>
        <source>&amp;Send Handshake</source>
        <translation>Handshake &amp;senden</translation>
    </message>
    <message>
        <source>&amp;Fetch Answer</source>
        <translation>Antwort &amp;abholen</translation>
    </message>
    <message>
        <source>The first sync would create %1 issue(s) on %2 and %3 on %4, and link %5 pair(s) of matching issues; %6 would get no partner, %7 would lose a value (see Problems). Nothing was written.</source>
        <translation>Der erste Abgleich würde %1 Vorgang/Vorgänge auf %2 und %3 auf %4 anlegen und %5 Paar(e) passender Vorgänge verknüpfen; %6 bekämen keinen Partner, %7 würden einen Wert verlieren (siehe Probleme). Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>The pairs of this console cannot be read: %1</source>
        <translation>Die Paare dieser Konsole können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The pair %1 already syncs these two projects. A second pair over them copies their issues again, Ferry&apos;s own copies included, unless the scopes on the next page keep the two pairs apart; to change what %1 syncs, edit it instead.</source>
        <translation>Das Paar %1 synchronisiert diese beiden Projekte bereits. Ein zweites Paar darüber kopiert ihre Vorgänge noch einmal, Ferrys eigene Kopien eingeschlossen, es sei denn, die Bereiche auf der nächsten Seite halten die beiden Paare auseinander; um zu ändern, was %1 synchronisiert, bearbeiten Sie stattdessen dieses Paar.</translation>
    </message>
    <message>
        <source>This console has a pair named %1 already; choose another name.</source>
        <translation>Diese Konsole hat bereits ein Paar namens %1; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Reading both scopes: %1 of %2 issues on side A, %3 of %4 on side B…</source>
        <translation>Lese beide Bereiche: %1 von %2 Vorgängen auf Seite A, %3 von %4 auf Seite B…</translation>
    </message>
    <message>
        <source>&lt;p&gt;The pair can be stored now, but it starts only once every license line passes: the Licenses page installs a license file or requests a 30-day trial for a site (Request Trial…).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Das Paar kann jetzt gespeichert werden, startet aber erst, wenn jede Lizenzzeile erfüllt ist: Die Seite „Lizenzen“ installiert eine Lizenzdatei oder fordert eine 30-Tage-Testlizenz für eine Site an (Testlizenz anfordern…).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Connecting to both sites and reading what they have… side A: %1; side B: %2</source>
        <translation>Verbinde mit beiden Sites und lese, was sie haben… Seite A: %1; Seite B: %2</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
</context>
<context>
    <name>ferry::RoundsView</name>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n gefunden</numerusform>
            <numerusform>%n gefunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n written</source>
        <translation>
            <numerusform>%n geschrieben</numerusform>
            <numerusform>%n geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <source>1 conflict</source>
        <translation>1 Konflikt</translation>
    </message>
    <message numerus="yes">
        <source>%n conflicts</source>
        <translation>
            <numerusform>%n Konflikt</numerusform>
            <numerusform>%n Konflikte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n wartet</numerusform>
            <numerusform>%n warten</numerusform>
        </translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>A to B</source>
        <translation>A nach B</translation>
    </message>
    <message>
        <source>B to A</source>
        <translation>B nach A</translation>
    </message>
</context>
<context>
    <name>ferry::SandboxMenu</name>
    <message>
        <source>San&amp;dbox</source>
        <translation>San&amp;dbox</translation>
    </message>
    <message>
        <source>Edit an Issue on &amp;Cloud (Side A)</source>
        <translation>Einen Vorgang auf &amp;Cloud bearbeiten (Seite A)</translation>
    </message>
    <message>
        <source>Change a summary or add a label on one of the Cloud sandbox&apos;s issues</source>
        <translation>Bei einem Vorgang der Cloud-Sandbox die Zusammenfassung ändern oder ein Label hinzufügen</translation>
    </message>
    <message>
        <source>Edit an Issue on &amp;Data Center (Side B)</source>
        <translation>Einen Vorgang auf &amp;Data Center bearbeiten (Seite B)</translation>
    </message>
    <message>
        <source>Change a summary or add a label on one of the Data Center sandbox&apos;s issues</source>
        <translation>Bei einem Vorgang der Data-Center-Sandbox die Zusammenfassung ändern oder ein Label hinzufügen</translation>
    </message>
    <message>
        <source>&amp;New Issue on Cloud</source>
        <translation>&amp;Neuer Vorgang auf Cloud</translation>
    </message>
    <message>
        <source>Create an issue on the Cloud sandbox</source>
        <translation>Einen Vorgang in der Cloud-Sandbox anlegen</translation>
    </message>
    <message>
        <source>Create an issue on the Data Center sandbox</source>
        <translation>Einen Vorgang in der Data-Center-Sandbox anlegen</translation>
    </message>
    <message>
        <source>&amp;Provoke a Conflict</source>
        <translation>Einen &amp;Konflikt herbeiführen</translation>
    </message>
    <message>
        <source>Change the same field of a synced issue differently on both sides</source>
        <translation>Dasselbe Feld eines synchronisierten Vorgangs auf beiden Seiten unterschiedlich ändern</translation>
    </message>
    <message>
        <source>New Issue on Data Cen&amp;ter</source>
        <translation>Neuer Vorgang auf Data Cen&amp;ter</translation>
    </message>
</context>
<context>
    <name>ferry::SitePanel</name>
    <message>
        <source>&amp;Check Connection</source>
        <translation>Verbindung &amp;prüfen</translation>
    </message>
    <message>
        <source>Site of side %1</source>
        <translation>Site von Seite %1</translation>
    </message>
    <message>
        <source>Name of the new site</source>
        <translation>Name der neuen Site</translation>
    </message>
    <message>
        <source>Address of the site</source>
        <translation>Adresse der Site</translation>
    </message>
    <message>
        <source>How Ferry signs in</source>
        <translation>Wie Ferry sich anmeldet</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>API token, password or personal access token</source>
        <translation>API-Token, Passwort oder persönliches Zugriffstoken</translation>
    </message>
    <message>
        <source>Project of side %1</source>
        <translation>Projekt von Seite %1</translation>
    </message>
    <message>
        <source>Check the connection to side %1</source>
        <translation>Die Verbindung zu Seite %1 prüfen</translation>
    </message>
    <message>
        <source>Requirements of side %1</source>
        <translation>Anforderungen von Seite %1</translation>
    </message>
    <message>
        <source>acme-cloud</source>
        <translation>acme-cloud</translation>
    </message>
    <message>
        <source>https://acme.atlassian.net</source>
        <translation>https://acme.atlassian.net</translation>
    </message>
    <message>
        <source>e-mail and API token (Cloud), user and password (Data Center)</source>
        <translation>E-Mail und API-Token (Cloud), Benutzer und Passwort (Data Center)</translation>
    </message>
    <message>
        <source>personal access token (Data Center)</source>
        <translation>persönliches Zugriffstoken (Data Center)</translation>
    </message>
    <message>
        <source>admin@acme.com</source>
        <translation>admin@acme.com</translation>
    </message>
    <message>
        <source>Kept in the system keychain when the pair is stored, never in a file.</source>
        <translation>Wird beim Speichern des Paars im Schlüsselbund des Systems abgelegt, nie in einer Datei.</translation>
    </message>
    <message>
        <source>project key, e.g. ACME</source>
        <translation>Projektschlüssel, z. B. ACME</translation>
    </message>
    <message>
        <source>Reaches the site, checks its certificate, signs in and checks the project&apos;s permissions.</source>
        <translation>Erreicht die Site, prüft ihr Zertifikat, meldet sich an und prüft die Berechtigungen im Projekt.</translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation>&amp;Site:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>Sign in &amp;with:</source>
        <translation>Anmelden &amp;mit:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Se&amp;cret:</source>
        <translation>Gehei&amp;mnis:</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>New site…</source>
        <translation>Neue Site …</translation>
    </message>
    <message>
        <source>Type the API token (Cloud), password or personal access token.</source>
        <translation>Geben Sie das API-Token (Cloud), Passwort oder persönliche Zugriffstoken ein.</translation>
    </message>
    <message>
        <source>A site named %1 is configured already: choose it above, or name this one differently.</source>
        <translation>Eine Site namens %1 ist schon eingerichtet: wählen Sie sie oben, oder benennen Sie diese anders.</translation>
    </message>
    <message>
        <source>Name the project (its key).</source>
        <translation>Nennen Sie das Projekt (seinen Schlüssel).</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Fill in the fields first.</source>
        <translation>Füllen Sie zuerst die Felder aus.</translation>
    </message>
    <message>
        <source>✓ %1: %2</source>
        <translation>✓ %1: %2</translation>
    </message>
    <message>
        <source>✗ %1: %2
    fix: %3</source>
        <translation>✗ %1: %2
    Abhilfe: %3</translation>
    </message>
    <message>
        <source>Ready: %1 is %2.</source>
        <translation>Bereit: %1 ist %2.</translation>
    </message>
    <message>
        <source>Jira Cloud</source>
        <translation>Jira Cloud</translation>
    </message>
    <message>
        <source>Jira Data Center</source>
        <translation>Jira Data Center</translation>
    </message>
    <message>
        <source>Not ready: fix what failed and check again.</source>
        <translation>Nicht bereit: beheben Sie, was scheiterte, und prüfen Sie erneut.</translation>
    </message>
    <message>
        <source>Check the connection again: the fields changed.</source>
        <translation>Prüfen Sie die Verbindung erneut: die Felder haben sich geändert.</translation>
    </message>
    <message>
        <source>not needed with a personal access token</source>
        <translation>bei einem persönlichen Zugriffstoken nicht nötig</translation>
    </message>
    <message>
        <source>Checking %1… %2 s: waiting for the site to answer (one that does not is given up after 40 s).</source>
        <translation>Prüfe %1… %2 s: warte auf die Antwort der Site (eine, die nicht antwortet, wird nach 40 s aufgegeben).</translation>
    </message>
</context>
<context>
    <name>ferry::SiteView</name>
    <message>
        <source>Check &amp;Now</source>
        <translation>Jetzt &amp;prüfen</translation>
    </message>
    <message>
        <source>a personal access token</source>
        <translation>ein persönliches Zugriffstoken</translation>
    </message>
    <message>
        <source>%1 with an API token or password</source>
        <translation>%1 mit API-Token oder Passwort</translation>
    </message>
    <message>
        <source>in the system keychain</source>
        <translation>im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>in the environment variable %1</source>
        <translation>in der Umgebungsvariablen %1</translation>
    </message>
    <message>
        <source>in the file %1</source>
        <translation>in der Datei %1</translation>
    </message>
    <message>
        <source>Not checked since the console started.</source>
        <translation>Seit dem Start der Konsole nicht geprüft.</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>Signs in as:</source>
        <translation>Meldet sich an als:</translation>
    </message>
    <message>
        <source>Secret kept:</source>
        <translation>Geheimnis liegt:</translation>
    </message>
    <message>
        <source>Used by:</source>
        <translation>Verwendet von:</translation>
    </message>
    <message>
        <source>no pair yet</source>
        <translation>noch kein Paar</translation>
    </message>
    <message>
        <source>Ready at %1: %2.</source>
        <translation>Bereit um %1: %2.</translation>
    </message>
    <message>
        <source>Jira Cloud</source>
        <translation>Jira Cloud</translation>
    </message>
    <message>
        <source>Jira Data Center</source>
        <translation>Jira Data Center</translation>
    </message>
    <message>
        <source>Not ready at %1: fix what failed and check again.</source>
        <translation>Nicht bereit um %1: beheben Sie, was fehlschlug, und prüfen Sie erneut.</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Prüfe %1…</translation>
    </message>
</context>
</TS>
