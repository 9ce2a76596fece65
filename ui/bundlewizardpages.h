#pragma once

#include <QString>

namespace ferry {

class PairWizard;

/// The pages of the two bundle modes (files, e-mail): this console's role, its site and the
/// pair's exchange, then the handshake (primary) or its answer (secondary). The direct modes'
/// pages are in pairwizard.cpp.
void addBundlePages(PairWizard *wizard, const QString &stateDirectory);

} // namespace ferry
