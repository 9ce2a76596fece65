#pragma once

#include <QString>

class QCoreApplication;

namespace ferry {

/// Why no window can be shown here, or an empty string when a display is available.
/// Checked before QApplication exists, which would abort without a display.
QString missingDisplayReason();

/// Loads Ferry's and Qt's translations for the user's locale.
void installTranslations(QCoreApplication &app);

} // namespace ferry
