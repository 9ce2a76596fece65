#include "ui/scrolling.h"

#include <QScrollArea>
#include <QVBoxLayout>

namespace ferry {

void scrollInside(QWidget *owner, QLayout *layout, const QString &objectName)
{
    auto *content = new QWidget(owner);
    content->setLayout(layout); // before setWidget, or the content stays hidden
    auto *scroll = new QScrollArea(owner);
    scroll->setObjectName(objectName);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(owner);
    outer->setContentsMargins({});
    outer->addWidget(scroll);
}

} // namespace ferry
