# latex-make (Debian's latex-make package, /usr/include/LaTeX.mk): a small
# report (chapters through \include, a BibTeX bibliography, a makeindex
# index, an xfig figure converted by fig2dev through figlatex, a generated
# \input file with its own rule) and a note built with pdflatex only,
# written by rw_configure. The makefile says `include LaTeX.mk`, found in
# make's default include directory /usr/include; LaTeX.mk defines its
# rules through hundreds of $(eval $(call ...)) over masters and flavors,
# includes the dependency makefiles (report.pdf.mk) that texdepends.sty
# writes while LaTeX runs, and reruns LaTeX by recursive $(MAKE) calls
# (LU_REC_LEVEL) until no "rebuild needed" stamp is left, comparing the
# .aux/.idx files it saved. Build, no-op, -q, -n, -pq, chapter and
# bibliography edits, the generated file's source changed, -j2 (a clean
# build of both documents), dvi, a LaTeX error, clean, distclean.
# Needs latex-make, texlive-latex-base (pdflatex, bibtex, makeindex) and
# fig2dev.

# pdflatex writes the date into the PDFs and the .log files, fig2dev into
# its outputs' header comments: compared by name.
RW_NOHASH=('./*.pdf' './*.log' './*.dvi' './fig/*.pdftex' './fig/*.eps' './fig/*.pdftex_t' './fig/*.eps_t'
  './fig/*.pstex' './fig/*.pstex_t')

# -p output: see rw_normalize_db.
rw_normalize() {
  rw_normalize_db
}

rw_configure() {
  mkdir fig && cp /usr/share/doc/latex-make/examples/fig/simple.fig fig/
  cat > Makefile <<'MK'
# Two documents: a report (chapters, bibliography, index, a figure) and a
# short note built with pdflatex only.
LU_MASTERS = report note
LU_note_FLAVORS = PDF
report.pdf report.dvi: version.tex

all: pdf

version.tex: VERSION
	printf '%s{%s}\n' '\newcommand{\docversion}' "$$(cat $<)" > $@

include LaTeX.mk

clean::
	$(RM) version.tex
MK
  echo 1.0 > VERSION
  cat > report.tex <<'TEX'
\documentclass{report}
\usepackage{figlatex}
\usepackage{makeidx}
\makeindex
\input{version}
\title{Report \docversion}
\author{rmake}
\date{}
\begin{document}
\maketitle
\tableofcontents
\include{intro}
\include{body}
\bibliographystyle{plain}
\bibliography{refs}
\printindex
\end{document}
TEX
  cat > intro.tex <<'TEX'
\chapter{Introduction}\label{ch:intro}
Make\index{make} reads makefiles~\cite{gnumake}. See chapter~\ref{ch:body}.
TEX
  cat > body.tex <<'TEX'
\chapter{Body}\label{ch:body}
Recipes\index{recipe} run in a shell~\cite{posix}. Back to chapter~\ref{ch:intro}.
\begin{figure}[h]\centering\includegraphics[scale=0.3]{fig/simple.fig}\caption{A figure}\end{figure}
TEX
  cat > refs.bib <<'BIB'
@manual{gnumake, title={GNU Make}, author={Richard Stallman and Roland McGrath and Paul Smith}, year={2023}}
@manual{posix, title={The Open Group Base Specifications}, author={{IEEE}}, year={2018}}
BIB
  cat > note.tex <<'TEX'
\documentclass{article}
\begin{document}
A note, version \input{VERSION}.
\end{document}
TEX
}

rw_steps() {
  step n-before 'make -n'
  step build 'make'
  step noop --repeat 2 'make'
  step q 'make -q; echo status $?'
  step n-after 'make -n'
  step pq 'make -pq; echo status $?'
  step note 'make note.pdf'
  # A chapter edited: one LaTeX run, then LaTeX.mk's rebuild checks.
  prep 'echo "More about make\\index{make!more}." >> intro.tex'
  step chapter-n 'make -n'
  step chapter 'make'
  # A new citation: BibTeX reruns.
  prep 'printf "@manual{dash, title={Dash}, author={Herbert Xu}, year={2020}}\n" >> refs.bib && echo "See~\\cite{dash}." >> body.tex'
  step bib 'make'
  # The generated \input file's source.
  prep 'echo 2.0 > VERSION'
  step version-q 'make -q; echo status $?'
  step version-trace 'make --trace'
  step dvi 'make report.dvi'
  step clean 'make clean'
  step build-j2 --sorted 'make -j2'
  # A LaTeX error: LaTeX.mk prints the log's last lines and fails.
  prep 'cp body.tex body.tex.rw && echo "\\undefinedmacro" >> body.tex'
  step broken 'make; echo status $?'
  prep 'cat body.tex.rw > body.tex && rm body.tex.rw'
  step fixed 'make'
  step distclean 'make distclean'
}
