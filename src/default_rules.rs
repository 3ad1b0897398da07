//! The built-in variables of GNU make 4.4.1 on GNU/Linux (the values `-p`
//! shows with origin `default`), and the automatic `D`/`F` variants.
//! (The built-in pattern and suffix rules join them with the implicit-rule
//! work.)

/// (name, value, simple?) for every default variable.
pub static DEFAULT_VARIABLES: &[(&str, &str, bool)] = &[
    ("AR", "ar", false),
    ("ARFLAGS", "-rv", false),
    ("AS", "as", false),
    ("CC", "cc", false),
    (
        "CHECKOUT,v",
        "+$(if $(wildcard $@),,$(CO) $(COFLAGS) $< $@)",
        false,
    ),
    ("CO", "co", false),
    ("COFLAGS", "", false),
    ("COMPILE.C", "$(COMPILE.cc)", false),
    (
        "COMPILE.F",
        "$(FC) $(FFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
        false,
    ),
    (
        "COMPILE.S",
        "$(CC) $(ASFLAGS) $(CPPFLAGS) $(TARGET_MACH) -c",
        false,
    ),
    (
        "COMPILE.c",
        "$(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
        false,
    ),
    (
        "COMPILE.cc",
        "$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
        false,
    ),
    ("COMPILE.cpp", "$(COMPILE.cc)", false),
    (
        "COMPILE.def",
        "$(M2C) $(M2FLAGS) $(DEFFLAGS) $(TARGET_ARCH)",
        false,
    ),
    ("COMPILE.f", "$(FC) $(FFLAGS) $(TARGET_ARCH) -c", false),
    (
        "COMPILE.m",
        "$(OBJC) $(OBJCFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
        false,
    ),
    (
        "COMPILE.mod",
        "$(M2C) $(M2FLAGS) $(MODFLAGS) $(TARGET_ARCH)",
        false,
    ),
    (
        "COMPILE.p",
        "$(PC) $(PFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
        false,
    ),
    (
        "COMPILE.r",
        "$(FC) $(FFLAGS) $(RFLAGS) $(TARGET_ARCH) -c",
        false,
    ),
    ("COMPILE.s", "$(AS) $(ASFLAGS) $(TARGET_MACH)", false),
    ("CPP", "$(CC) -E", false),
    ("CTANGLE", "ctangle", false),
    ("CWEAVE", "cweave", false),
    ("CXX", "g++", false),
    ("F77", "$(FC)", false),
    ("F77FLAGS", "$(FFLAGS)", false),
    ("FC", "f77", false),
    ("GET", "get", false),
    ("LD", "ld", false),
    ("LEX", "lex", false),
    ("LEX.l", "$(LEX) $(LFLAGS) -t", false),
    ("LEX.m", "$(LEX) $(LFLAGS) -t", false),
    ("LINK.C", "$(LINK.cc)", false),
    (
        "LINK.F",
        "$(FC) $(FFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        false,
    ),
    (
        "LINK.S",
        "$(CC) $(ASFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_MACH)",
        false,
    ),
    (
        "LINK.c",
        "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        false,
    ),
    (
        "LINK.cc",
        "$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        false,
    ),
    ("LINK.cpp", "$(LINK.cc)", false),
    ("LINK.f", "$(FC) $(FFLAGS) $(LDFLAGS) $(TARGET_ARCH)", false),
    (
        "LINK.m",
        "$(OBJC) $(OBJCFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        false,
    ),
    ("LINK.o", "$(CC) $(LDFLAGS) $(TARGET_ARCH)", false),
    (
        "LINK.p",
        "$(PC) $(PFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        false,
    ),
    (
        "LINK.r",
        "$(FC) $(FFLAGS) $(RFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        false,
    ),
    (
        "LINK.s",
        "$(CC) $(ASFLAGS) $(LDFLAGS) $(TARGET_MACH)",
        false,
    ),
    ("LINT", "lint", false),
    (
        "LINT.c",
        "$(LINT) $(LINTFLAGS) $(CPPFLAGS) $(TARGET_ARCH)",
        false,
    ),
    ("M2C", "m2c", false),
    ("MAKEINFO", "makeinfo", false),
    ("OBJC", "cc", false),
    ("OUTPUT_OPTION", "-o $@", false),
    ("PC", "pc", false),
    (
        "PREPROCESS.F",
        "$(FC) $(FFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -F",
        false,
    ),
    ("PREPROCESS.S", "$(CPP) $(CPPFLAGS)", false),
    (
        "PREPROCESS.r",
        "$(FC) $(FFLAGS) $(RFLAGS) $(TARGET_ARCH) -F",
        false,
    ),
    ("RM", "rm -f", false),
    ("TANGLE", "tangle", false),
    ("TEX", "tex", false),
    ("TEXI2DVI", "texi2dvi", false),
    ("WEAVE", "weave", false),
    ("YACC", "yacc", false),
    ("YACC.m", "$(YACC) $(YFLAGS)", false),
    ("YACC.y", "$(YACC) $(YFLAGS)", false),
    (".LIBPATTERNS", "lib%.so lib%.a", false),
    // GNU defines it to avoid undefined-variable warnings (not under -R).
    ("GNUMAKEFLAGS", "", false),
];

/// Variables every make defines, built-in rules or not: (name, value, simple?).
pub static BASE_VARIABLES: &[(&str, &str, bool)] = &[
    ("MAKE", "$(MAKE_COMMAND)", false),
    ("MAKE_VERSION", "4.4.1", true),
    ("MAKE_HOST", "x86_64-pc-linux-gnu", true),
    ("SHELL", "/bin/sh", true),
    (".SHELLFLAGS", "-c", true),
    ("MAKEFILES", "", true),
    (".INCLUDE_DIRS", "/usr/local/include /usr/include", true),
    (".RECIPEPREFIX", "", true),
    (".LOADED", "", true),
    (".VARIABLES", "", true),
];

/// What rmake really supports, for `.FEATURES`.
pub const FEATURES: &str = "target-specific order-only second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target extra-prereqs notintermediate shell-export archives jobserver jobserver-fifo output-sync check-symlink load";

/// The automatic variables' directory and file parts (origin automatic).
pub static AUTOMATIC_DF: &[(&str, &str)] = &[
    ("@D", "$(patsubst %/,%,$(dir $@))"),
    ("@F", "$(notdir $@)"),
    ("%D", "$(patsubst %/,%,$(dir $%))"),
    ("%F", "$(notdir $%)"),
    ("*D", "$(patsubst %/,%,$(dir $*))"),
    ("*F", "$(notdir $*)"),
    ("+D", "$(patsubst %/,%,$(dir $+))"),
    ("+F", "$(notdir $+)"),
    ("<D", "$(patsubst %/,%,$(dir $<))"),
    ("<F", "$(notdir $<)"),
    ("?D", "$(patsubst %/,%,$(dir $?))"),
    ("?F", "$(notdir $?)"),
    ("^D", "$(patsubst %/,%,$(dir $^))"),
    ("^F", "$(notdir $^)"),
];

/// GNU's built-in pattern rules: (target, prerequisites, recipe, terminal).
/// Recipe lines are separated by `\n`.
pub static PATTERN_RULES: &[(&str, &str, &str, bool)] = &[
    ("(%)", "%", "$(AR) $(ARFLAGS) $@ $<", false),
    ("%.out", "%", "@rm -f $@ \n cp $< $@", false),
    ("%.c", "%.w %.ch", "$(CTANGLE) $^ $@", false),
    ("%.tex", "%.w %.ch", "$(CWEAVE) $^ $@", false),
    ("%", "%,v", "$(CHECKOUT,v)", true),
    ("%", "RCS/%,v", "$(CHECKOUT,v)", true),
    ("%", "RCS/%", "$(CHECKOUT,v)", true),
    (
        "%",
        "s.%",
        "$(GET) $(GFLAGS) $(SCCS_OUTPUT_OPTION) $<",
        true,
    ),
    (
        "%",
        "SCCS/s.%",
        "$(GET) $(GFLAGS) $(SCCS_OUTPUT_OPTION) $<",
        true,
    ),
];

/// GNU's built-in suffix rules: (suffix or suffix pair, recipe). Recipe
/// lines are separated by `\n`.
pub static SUFFIX_RULES: &[(&str, &str)] = &[
    (".o", "$(LINK.o) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".s", "$(LINK.s) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".S", "$(LINK.S) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".c", "$(LINK.c) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".cc", "$(LINK.cc) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".C", "$(LINK.C) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".cpp", "$(LINK.cpp) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".f", "$(LINK.f) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".m", "$(LINK.m) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".p", "$(LINK.p) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".F", "$(LINK.F) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".r", "$(LINK.r) $^ $(LOADLIBES) $(LDLIBS) -o $@"),
    (".mod", "$(COMPILE.mod) -o $@ -e $@ $^"),
    (".def.sym", "$(COMPILE.def) -o $@ $<"),
    (".sh", "cat $< >$@ \n chmod a+x $@"),
    (".s.o", "$(COMPILE.s) -o $@ $<"),
    (".S.o", "$(COMPILE.S) -o $@ $<"),
    (".c.o", "$(COMPILE.c) $(OUTPUT_OPTION) $<"),
    (".cc.o", "$(COMPILE.cc) $(OUTPUT_OPTION) $<"),
    (".C.o", "$(COMPILE.C) $(OUTPUT_OPTION) $<"),
    (".cpp.o", "$(COMPILE.cpp) $(OUTPUT_OPTION) $<"),
    (".f.o", "$(COMPILE.f) $(OUTPUT_OPTION) $<"),
    (".m.o", "$(COMPILE.m) $(OUTPUT_OPTION) $<"),
    (".p.o", "$(COMPILE.p) $(OUTPUT_OPTION) $<"),
    (".F.o", "$(COMPILE.F) $(OUTPUT_OPTION) $<"),
    (".r.o", "$(COMPILE.r) $(OUTPUT_OPTION) $<"),
    (".mod.o", "$(COMPILE.mod) -o $@ $<"),
    (".c.ln", "$(LINT.c) -C$* $<"),
    (
        ".y.ln",
        "$(YACC.y) $< \n $(LINT.c) -C$* y.tab.c \n $(RM) y.tab.c",
    ),
    (
        ".l.ln",
        "@$(RM) $*.c\n $(LEX.l) $< > $*.c\n$(LINT.c) -i $*.c -o $@\n $(RM) $*.c",
    ),
    (".y.c", "$(YACC.y) $< \n mv -f y.tab.c $@"),
    (".l.c", "@$(RM) $@ \n $(LEX.l) $< > $@"),
    (".ym.m", "$(YACC.m) $< \n mv -f y.tab.c $@"),
    (".lm.m", "@$(RM) $@ \n $(LEX.m) $< > $@"),
    (".F.f", "$(PREPROCESS.F) $(OUTPUT_OPTION) $<"),
    (".r.f", "$(PREPROCESS.r) $(OUTPUT_OPTION) $<"),
    (".l.r", "$(LEX.l) $< > $@ \n mv -f lex.yy.r $@"),
    (".S.s", "$(PREPROCESS.S) $< > $@"),
    (".texinfo.info", "$(MAKEINFO) $(MAKEINFO_FLAGS) $< -o $@"),
    (".texi.info", "$(MAKEINFO) $(MAKEINFO_FLAGS) $< -o $@"),
    (".txinfo.info", "$(MAKEINFO) $(MAKEINFO_FLAGS) $< -o $@"),
    (".tex.dvi", "$(TEX) $<"),
    (".texinfo.dvi", "$(TEXI2DVI) $(TEXI2DVI_FLAGS) $<"),
    (".texi.dvi", "$(TEXI2DVI) $(TEXI2DVI_FLAGS) $<"),
    (".txinfo.dvi", "$(TEXI2DVI) $(TEXI2DVI_FLAGS) $<"),
    (".w.c", "$(CTANGLE) $< - $@"),
    (".web.p", "$(TANGLE) $<"),
    (".w.tex", "$(CWEAVE) $< - $@"),
    (".web.tex", "$(WEAVE) $<"),
];

/// The default `.SUFFIXES` list.
pub const DEFAULT_SUFFIXES: &str = ".out .a .ln .o .c .cc .C .cpp .p .f .F .m .r .y .l .ym .yl .s .S .mod .sym .def .h .info .dvi .tex .texinfo .texi .txinfo .w .ch .web .sh .elc .el";
