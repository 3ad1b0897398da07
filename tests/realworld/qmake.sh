# qmake: a Qt 5 project (written here: no Debian source package builds in
# minutes with qmake alone) whose Makefiles qmake writes: a subdirs
# template (the top Makefile runs $(MAKE) -f Makefile in each subproject,
# with its own rules for qmake_all, sub-*-make_first and the ordered
# dependencies), a static library, and an application with moc (a Q_OBJECT
# header and a .moc included by a source), uic (a .ui form), rcc (a .qrc
# resource), the Makefiles rebuilt by qmake when a .pro file changes,
# install with INSTALL_ROOT, clean and distclean. Needs qtbase5-dev.
RW_PACKAGE=

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir -p core app
  cat > top.pro <<'EOF'
TEMPLATE = subdirs
SUBDIRS = core app
app.depends = core
EOF
  cat > core/core.pro <<'EOF'
TEMPLATE = lib
CONFIG += staticlib
QT = core
TARGET = core
HEADERS = counter.h
SOURCES = counter.cpp
target.path = /usr/lib/rwqt
INSTALLS += target
EOF
  cat > core/counter.h <<'EOF'
#ifndef COUNTER_H
#define COUNTER_H
#include <QObject>
class Counter : public QObject {
  Q_OBJECT
public:
  int value() const { return m_value; }
public slots:
  void increment();
signals:
  void changed(int value);
private:
  int m_value = 0;
};
#endif
EOF
  cat > core/counter.cpp <<'EOF'
#include "counter.h"
void Counter::increment() { emit changed(++m_value); }
EOF
  cat > app/app.pro <<'EOF'
TEMPLATE = app
QT += widgets
TARGET = rwqt
INCLUDEPATH += ../core
LIBS += -L../core -lcore
PRE_TARGETDEPS += ../core/libcore.a
HEADERS = window.h
SOURCES = main.cpp window.cpp
FORMS = window.ui
RESOURCES = app.qrc
# Format 1 records no modification times of the files (format 2 and later
# do, and the touch-qrc step edits notes.txt at a different time per side).
QMAKE_RESOURCE_FLAGS += --format-version 1
target.path = /usr/bin
data.path = /usr/share/rwqt
data.files = notes.txt
INSTALLS += target data
EOF
  cat > app/window.h <<'EOF'
#ifndef WINDOW_H
#define WINDOW_H
#include <QWidget>
#include "counter.h"
namespace Ui { class Window; }
class Window : public QWidget {
  Q_OBJECT
public:
  explicit Window(QWidget *parent = nullptr);
  ~Window();
  Counter counter;
private:
  Ui::Window *ui;
};
#endif
EOF
  cat > app/window.cpp <<'EOF'
#include "window.h"
#include "ui_window.h"
Window::Window(QWidget *parent) : QWidget(parent), ui(new Ui::Window) {
  ui->setupUi(this);
  connect(&counter, &Counter::changed, ui->label, [this](int v) { ui->label->setNum(v); });
}
Window::~Window() { delete ui; }
EOF
  cat > app/main.cpp <<'EOF'
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>
#include "counter.h"
class Printer : public QObject {
  Q_OBJECT
public slots:
  void print(int v) { QTextStream(stdout) << "value " << v << "\n"; }
};
int main(int argc, char **argv) {
  QCoreApplication app(argc, argv);
  QFile f(":/notes.txt");
  f.open(QIODevice::ReadOnly);
  QTextStream(stdout) << f.readAll();
  Counter c;
  Printer p;
  QObject::connect(&c, &Counter::changed, &p, &Printer::print);
  c.increment();
  c.increment();
  return 0;
}
#include "main.moc"
EOF
  cat > app/window.ui <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<ui version="4.0">
 <class>Window</class>
 <widget class="QWidget" name="Window">
  <layout class="QVBoxLayout" name="layout">
   <item>
    <widget class="QLabel" name="label">
     <property name="text"><string>0</string></property>
    </widget>
   </item>
  </layout>
 </widget>
</ui>
EOF
  cat > app/app.qrc <<'EOF'
<RCC><qresource prefix="/"><file>notes.txt</file></qresource></RCC>
EOF
  echo 'notes from the resource' > app/notes.txt
  qmake top.pro
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step run 'app/rwqt'
  step noop --repeat 4 'make'
  step n-after --repeat 4 'make -n'
  step q 'make -q; echo status $?'
  step pq 'make -pq; echo status $?'
  prep 'touch core/counter.h'
  step touch-moc-h 'make'
  prep 'touch app/window.ui'
  step touch-ui 'make'
  prep 'echo more notes >> app/notes.txt'
  step touch-qrc 'make'
  prep 'echo "DEFINES += RW_EXTRA" >> app/app.pro'
  step touch-pro 'make'
  step sub-target 'make sub-core'
  step install 'make install INSTALL_ROOT=$PWD/_destdir'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2'
  step distclean 'make distclean'
}
