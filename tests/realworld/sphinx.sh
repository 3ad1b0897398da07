# sphinx: a Sphinx documentation project made by sphinx-quickstart (its
# Makefile: `help` first, `.PHONY: help Makefile`, and the catch-all
# match-anything rule `%: Makefile` handing every other goal to
# sphinx-build -M), with two pages written by rw_configure: html, text, man,
# help, -n, -q, -pq, --trace, -t (a file named after the goal), -B, O=-q,
# two goals serial and with -j2, -k with a warning made an error (-W), an
# unknown builder, clean. Needs python3-sphinx.
RW_PACKAGE=

# Sphinx's pickled environment and doctrees hold build times and memory
# addresses; its full-text search index holds dictionary-ordered data.
RW_NOHASH=('./build/doctrees/*' './build/*/searchindex.js')

# -p output: see rw_normalize_db. -d output: the version text each make
# starts with (rw_normalize_version), the addresses of its child records
# and the children's process ids.
rw_normalize() {
  rw_normalize_db | rw_normalize_version | sed -E -e 's/0x[0-9a-f]+/0xADDR/g; s/PID [0-9]+/PID N/g'
}

rw_configure() {
  sphinx-quickstart -q -p RwDocs -a 'rmake tests' -v 1.0 -l en --sep --no-batchfile .
  cat > source/usage.rst <<'RST'
Usage
=====

See :ref:`the index <rw-index>` and :doc:`index`.

.. code-block:: make

   %: Makefile
   	@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)"
RST
  sed -i 's/^   :caption: Contents:$/&\n\n   usage/' source/index.rst
  sed -i '1i .. _rw-index:\n' source/index.rst
}

rw_steps() {
  step help 'make'
  step help-n 'make -n help'
  step html-n 'make -n html'
  step html 'make html'
  step html-noop 'make html'
  step html-q 'make -q html; echo status $?'
  step pq 'make -pq html; echo status $?'
  step html-O 'make O=-q html'
  step trace 'make --trace text'
  # -d: the search of the match-anything rule (and of the remaking of the
  # phony Makefile) shown step by step.
  step d 'make -d O=-q html'
  step warn-undef 'make --warn-undefined-variables -r O=-q html'
  step two 'make text man'
  step two-j2 --sorted 'make -j2 O=-q text man'
  step B 'make -B O=-q html'
  step t 'make -t html latex; echo status $?; ls -l html latex | cut -c1-10'
  step t-again 'make html; echo status $?'
  prep 'rm -f html latex'
  step unknown 'make nonexistent; echo status $?'
  prep 'echo "A broken :ref:\`nowhere\`." >> source/usage.rst'
  step warn 'make O=-q html; echo status $?'
  step W-k 'make -k html text SPHINXOPTS=-W O=-q; echo status $?'
  step W-nok 'make html text SPHINXOPTS=-W O=-q; echo status $?'
  step clean 'make clean'
  step clean-n 'make -n clean'
}
