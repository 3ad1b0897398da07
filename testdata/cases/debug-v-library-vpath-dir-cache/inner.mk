# Looking for -lfoo, library search tries libs/libfoo.a through vpath:
# GNU reads libs into its directory cache, and says so again after each
# command ran.
vpath %.a libs
all: sub/lib.a link
sub/lib.a:
	@touch $@
link: -lfoo
	@echo "link <$<> ^$^"
-l%: ; @echo "pattern $@"
