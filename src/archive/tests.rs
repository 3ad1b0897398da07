use super::*;
use std::process::Command;

/// A 60-byte header: fields left-justified and blank-padded.
fn header(name: &[u8], date: &[u8], mode: &[u8], size: usize) -> Vec<u8> {
    let mut h = Vec::new();
    let mut field = |v: &[u8], w: usize| {
        let mut f = v.to_vec();
        f.resize(w, b' ');
        h.extend_from_slice(&f[..w]);
    };
    field(name, 16);
    field(date, 12);
    field(b"0", 6);
    field(b"0", 6);
    field(mode, 8);
    field(size.to_string().as_bytes(), 10);
    h.extend_from_slice(b"`\n");
    h
}

/// Appends a member (header, data, padding to an even offset).
fn push(ar: &mut Vec<u8>, name: &[u8], date: i64, data: &[u8]) {
    ar.extend(header(
        name,
        date.to_string().as_bytes(),
        b"644",
        data.len(),
    ));
    ar.extend_from_slice(data);
    if ar.len() % 2 == 1 {
        ar.push(b'\n');
    }
}

/// A GNU-style archive: symbol table, long-name table, short and long
/// members.
fn gnu_archive() -> Vec<u8> {
    let mut ar = MAGIC.to_vec();
    push(&mut ar, b"/", 0, b"\0\0\0\0");
    let table = b"verylongmembername_abcdef.o/\nanother_long_name.o/\n";
    push(&mut ar, b"//", 0, table);
    push(&mut ar, b"a.o/", 1000, b"AAA");
    push(&mut ar, b"/0", 2000, b"LONG");
    push(&mut ar, b"b.o/", 3000, b"B");
    push(&mut ar, b"/29", 4000, b"L2");
    ar
}

fn names(ar: &[u8]) -> Vec<Vec<u8>> {
    members(ar)
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.name)
        .collect()
}

fn v(s: &[&str]) -> Vec<Vec<u8>> {
    s.iter().map(|x| x.as_bytes().to_vec()).collect()
}

#[test]
fn member_refs() {
    assert!(is_member_ref(b"lib.a(m.o)"));
    assert!(is_member_ref(b"a(b)"));
    assert!(!is_member_ref(b"lib.a()"));
    assert!(!is_member_ref(b"(m.o)"));
    assert!(!is_member_ref(b"lib.a(m.o"));
    assert!(!is_member_ref(b"lib.a"));
    assert!(!is_member_ref(b""));
    assert!(!is_member_ref(b"("));
    assert!(!is_member_ref(b")"));
    assert_eq!(
        split_member(b"lib.a(m.o)"),
        Some((&b"lib.a"[..], &b"m.o"[..]))
    );
    assert_eq!(
        split_member(b"d/l(x)(y.o)"),
        Some((&b"d/l"[..], &b"x)(y.o"[..]))
    );
    assert_eq!(split_member(b"lib.a()"), None);
    assert_eq!(join_member(b"lib.a", b"m.o"), b"lib.a(m.o)");
    assert!(check_member_ref(b"lib.a(m.o)").unwrap());
    assert!(!check_member_ref(b"lib.a").unwrap());
    let e = check_member_ref(b"lib.a((sym))").unwrap_err();
    assert_eq!(
        e.to_string(),
        "attempt to use unsupported feature: 'lib.a((sym))'"
    );
    assert!(check_member_ref(b"lib.a((sym)").unwrap());
}

fn groups(ws: &[&str], wait: bool) -> Vec<Option<String>> {
    let w: Vec<&[u8]> = ws.iter().map(|s| s.as_bytes()).collect();
    expand_groups(&w, wait)
        .into_iter()
        .map(|o| o.map(|n| String::from_utf8(n).unwrap()))
        .collect()
}

fn flat(ws: &[&str]) -> Vec<String> {
    groups(ws, true).into_iter().flatten().collect()
}

#[test]
fn archive_groups() {
    // Checked against GNU make 4.4.1.
    assert_eq!(flat(&["lib.a(a.o", "b.o)"]), ["lib.a(a.o)", "lib.a(b.o)"]);
    assert_eq!(flat(&["lib.a(", "c.o", ")"]), ["lib.a(c.o)"]);
    assert_eq!(
        flat(&["lib.a(", "d.o", "e.o", ")"]),
        ["lib.a(d.o)", "lib.a(e.o)"]
    );
    assert_eq!(
        flat(&["lib.a(f.o", "g.o)", "h"]),
        ["lib.a(f.o)", "lib.a(g.o)", "h"]
    );
    assert_eq!(flat(&["x", "lib.a(a.o)", "y"]), ["x", "lib.a(a.o)", "y"]);
    // No closing word: not a group.
    assert_eq!(flat(&["lib.a(f.o", "g.o"]), ["lib.a(f.o", "g.o"]);
    assert_eq!(flat(&["lib.a(f.o"]), ["lib.a(f.o"]);
    // A word starting with `(` never opens a group.
    assert_eq!(flat(&["(a", "b)"]), ["(a", "b)"]);
    // Words inside a group are members even with parentheses.
    assert_eq!(flat(&["l(a", "b(c", "d)"]), ["l(a)", "l(b(c)", "l(d)"]);
    // Two groups in a row.
    assert_eq!(
        flat(&["l(a", "b)", "m(c", "d)"]),
        ["l(a)", "l(b)", "m(c)", "m(d)"]
    );
    // The result is parallel to the words.
    assert_eq!(
        groups(&["l(", "a", ".WAIT", "b", ")"], true),
        [None, Some("l(a)".into()), None, Some("l(b)".into()), None]
    );
    assert_eq!(
        groups(&["l(a", ".WAIT", "b)"], false),
        [
            Some("l(a)".into()),
            Some("l(.WAIT)".into()),
            Some("l(b)".into())
        ]
    );
    assert!(groups(&[], true).is_empty());
    assert_eq!(groups(&[""], true), [None]);
}

#[test]
fn scans_gnu_archive() {
    let ar = gnu_archive();
    let all = members(&ar).unwrap();
    let ns: Vec<Vec<u8>> = all.iter().map(|m| m.name.clone()).collect();
    assert_eq!(
        ns,
        v(&[
            "",
            "/",
            "a.o",
            "verylongmembername_abcdef.o",
            "b.o",
            "another_long_name.o"
        ])
    );
    let tr: Vec<bool> = all.iter().map(|m| m.truncated).collect();
    assert_eq!(tr, [true, true, true, false, true, false]);
    assert_eq!(all[2].date, 1000);
    assert_eq!(all[2].mode, 0o644);
    assert_eq!(all[2].size, 3);
    assert_eq!(all[2].data_pos, all[2].header_pos + 60);
    assert_eq!(&ar[all[2].data_pos..all[2].data_pos + 3], b"AAA");
    assert_eq!(all[0].header_pos, 8);
    // Odd sizes are padded to an even offset.
    assert_eq!(all[3].header_pos, all[2].data_pos + 4);
}

#[test]
fn member_dates() {
    let ar = gnu_archive();
    assert_eq!(member_mtime(&ar, b"a.o"), Some(1000));
    assert_eq!(member_mtime(&ar, b"b.o"), Some(3000));
    assert_eq!(
        member_mtime(&ar, b"verylongmembername_abcdef.o"),
        Some(2000)
    );
    assert_eq!(member_mtime(&ar, b"another_long_name.o"), Some(4000));
    // The reference's directory is ignored.
    assert_eq!(member_mtime(&ar, b"sub/dir/a.o"), Some(1000));
    // Long names must match exactly.
    assert_eq!(member_mtime(&ar, b"verylongmembername_abcdeX.o"), None);
    assert_eq!(member_mtime(&ar, b"verylongmember"), None);
    assert_eq!(member_mtime(&ar, b"c.o"), None);
    assert_eq!(member_mtime(&ar, b"a"), None);
    // The symbol table (date 0) is never found; nor is an empty name.
    assert_eq!(member_mtime(&ar, b""), None);
    assert_eq!(member_mtime(&ar, b"/"), None);
    assert_eq!(member_mtime(b"not an archive", b"a.o"), None);
    assert_eq!(member_mtime(b"", b"a.o"), None);
    assert_eq!(member_mtime(MAGIC, b"a.o"), None);
}

#[test]
fn truncated_header_names() {
    // Old-style archives cut names to the 16-byte field (no `/`): the
    // first 15 bytes are compared.
    let mut ar = MAGIC.to_vec();
    push(&mut ar, b"abcdefghijklmnop", 500, b"x");
    push(&mut ar, b"short.o", 600, b"y");
    assert_eq!(names(&ar), v(&["abcdefghijklmnop", "short.o"]));
    assert_eq!(
        member_mtime(&ar, b"abcdefghijklmnopqrstuvwxyz.o"),
        Some(500)
    );
    assert_eq!(member_mtime(&ar, b"abcdefghijklmnoX"), Some(500));
    assert_eq!(member_mtime(&ar, b"abcdefghijklmn"), None);
    assert_eq!(member_mtime(&ar, b"short.o"), Some(600));
    assert_eq!(member_mtime(&ar, b"short.o2"), None);
    assert!(member_name_matches(
        b"x/abcdefghijklmnoZZ",
        b"abcdefghijklmnoYY",
        true
    ));
    assert!(!member_name_matches(
        b"abcdefghijklmnoZZ",
        b"abcdefghijklmnoYY",
        false
    ));
}

#[test]
fn date_zero_members_are_skipped() {
    // GNU takes a zero date as "not this one" and keeps looking.
    let mut ar = MAGIC.to_vec();
    push(&mut ar, b"a.o/", 0, b"x");
    assert_eq!(member_mtime(&ar, b"a.o"), None);
    push(&mut ar, b"a.o/", 77, b"x");
    assert_eq!(member_mtime(&ar, b"a.o"), Some(77));
    // Touch finds the first one, whatever its date.
    let mut t = ar.clone();
    assert_eq!(set_member_date(&mut t, b"a.o", 5).unwrap(), Some(8));
    assert_eq!(member_mtime(&t, b"a.o"), Some(5));
}

#[test]
fn bsd_long_names() {
    let mut ar = MAGIC.to_vec();
    let name = b"a_rather_long_bsd_name.o";
    // 4.4BSD: the name is the start of the data, padded with NULs.
    let mut data = name.to_vec();
    data.extend_from_slice(b"\0\0\0\0");
    data.extend_from_slice(b"DATA");
    push(&mut ar, b"#1/28", 1234, &data);
    push(&mut ar, b"#1/3", 99, b"x.oZ");
    assert_eq!(names(&ar), v(&["a_rather_long_bsd_name.o", "x.o"]));
    let all = members(&ar).unwrap();
    assert!(!all[0].truncated);
    assert_eq!(member_mtime(&ar, b"a_rather_long_bsd_name.o"), Some(1234));
    assert_eq!(member_mtime(&ar, b"a_rather_long_b"), None);
    assert_eq!(member_mtime(&ar, b"x.o"), Some(99));
    // Bad lengths make the archive invalid.
    // `#1/` alone loses its `/` like any header name.
    let mut ar = MAGIC.to_vec();
    push(&mut ar, b"#1/", 1, b"x");
    assert_eq!(names(&ar), v(&["#1"]));
    for bad in [&b"#1/0"[..], b"#1/x", b"#1/5x", b"#1/99999", b"#1/100"] {
        let mut ar = MAGIC.to_vec();
        push(&mut ar, bad, 1, b"short");
        assert_eq!(
            members(&ar),
            Err(ArError::Invalid),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn name_table_edge_cases() {
    // A long-name reference before any `//` table is an ordinary name.
    let mut ar = MAGIC.to_vec();
    push(&mut ar, b"/12", 5, b"x");
    assert_eq!(names(&ar), v(&["/12"]));
    // `ARFILENAMES/` is a table too; names may lack the `/`.
    let mut ar = MAGIC.to_vec();
    push(
        &mut ar,
        b"ARFILENAMES/",
        0,
        b"first_long_member.o\nsecond.o\n",
    );
    push(&mut ar, b" 20", 8, b"x");
    push(&mut ar, b"/0", 9, b"x");
    assert_eq!(names(&ar)[1..], v(&["second.o", "first_long_member.o"]));
    // Offsets past the table, into a terminator, or not numbers.
    for bad in [&b"/99"[..], b"/28", b"/x", b"/1x", b"/"] {
        let mut ar = MAGIC.to_vec();
        push(&mut ar, b"//", 0, b"long_member_name_xx.o/\n\n");
        push(&mut ar, bad, 1, b"x");
        let r = members(&ar);
        if bad == b"/" {
            // `/` alone is the (empty-named) symbol table.
            assert_eq!(r.map(|m| m[1].name.clone()), Ok(Vec::new()));
        } else {
            assert_eq!(
                r,
                Err(ArError::Invalid),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
    // A table that runs past the end of the file.
    let mut ar = MAGIC.to_vec();
    ar.extend(header(b"//", b"0", b"0", 100));
    ar.extend_from_slice(b"abc/\n");
    assert_eq!(members(&ar), Err(ArError::Invalid));
}

#[test]
fn bad_fields() {
    let mut ar = MAGIC.to_vec();
    ar.extend(header(b"a.o/", b"12x", b"644", 0));
    assert_eq!(
        members(&ar),
        Err(ArError::BadField {
            field: "date",
            member: b"a.o".to_vec()
        })
    );
    assert_eq!(
        member_date(&ar, b"a.o"),
        Err(ArError::BadField {
            field: "date",
            member: b"a.o".to_vec()
        })
    );
    assert_eq!(member_mtime(&ar, b"a.o"), None);
    assert_eq!(
        ArError::BadField {
            field: "date",
            member: b"a.o".to_vec()
        }
        .message(b"lib.a"),
        b"Invalid date for archive lib.a member a.o"
    );
    assert_eq!(
        ArError::Invalid.message(b"lib.a"),
        b"'lib.a' is not a valid archive"
    );
    // Mode is octal.
    let mut ar = MAGIC.to_vec();
    ar.extend(header(b"a.o/", b"1", b"648", 0));
    assert_eq!(
        members(&ar),
        Err(ArError::BadField {
            field: "mode",
            member: b"a.o".to_vec()
        })
    );
    // Overflowing sizes.
    let mut ar = MAGIC.to_vec();
    let mut h = header(b"a.o/", b"1", b"644", 0);
    h[28..34].copy_from_slice(b"999999");
    ar.extend(&h);
    assert_eq!(members(&ar).map(|m| m[0].uid), Ok(999999));
    h[16..28].copy_from_slice(b"99999999999x");
    let mut ar = MAGIC.to_vec();
    ar.extend(&h);
    assert!(matches!(
        members(&ar),
        Err(ArError::BadField { field: "date", .. })
    ));
    // Blank fields are 0; a number ends at a blank.
    let mut ar = MAGIC.to_vec();
    ar.extend(header(b"a.o/", b"  12 34", b"", 0));
    let m = members(&ar).unwrap();
    assert_eq!((m[0].date, m[0].mode), (12, 0));
    // The first match stops the scan before a later bad header.
    let mut ar = MAGIC.to_vec();
    push(&mut ar, b"a.o/", 50, b"xx");
    ar.extend(header(b"b.o/", b"zz", b"644", 0));
    assert_eq!(member_date(&ar, b"a.o"), Ok(Some(50)));
    assert!(member_date(&ar, b"b.o").is_err());
}

#[test]
fn truncated_archives() {
    let ar = gnu_archive();
    // A member whose data is cut short is still seen (GNU does not
    // check); a partial header is invalid.
    for len in 0..ar.len() {
        let cut = &ar[..len];
        let r = members(cut);
        let _ = member_date(cut, b"b.o");
        let _ = glob_members(b"l", cut, b"*");
        let mut m = cut.to_vec();
        let _ = set_member_date(&mut m, b"another_long_name.o", 1);
        if len < 8 {
            assert_eq!(r, Err(ArError::Invalid));
        }
    }
    // Cut inside the last header.
    assert_eq!(members(&ar[..ar.len() - 10]), Err(ArError::Invalid));
    // Cut inside the last member's data: still found.
    let last = members(&ar).unwrap().pop().unwrap();
    assert_eq!(
        member_mtime(&ar[..last.data_pos + 1], b"another_long_name.o"),
        Some(4000)
    );
    // Missing header terminator.
    let mut bad = ar.clone();
    bad[8 + 58] = b'x';
    assert_eq!(members(&bad), Err(ArError::Invalid));
    assert_eq!(member_mtime(&bad, b"a.o"), None);
    assert_eq!(members(b"!<arch>"), Err(ArError::Invalid));
    assert_eq!(members(b"!<arch>\n"), Ok(Vec::new()));
}

/// A small deterministic generator for garbage.
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn garbage_never_panics() {
    let good = gnu_archive();
    let mut seed = 42u64;
    for round in 0..3000 {
        let mut buf = if round % 3 == 0 {
            let n = (lcg(&mut seed) % 300) as usize;
            let mut b = MAGIC.to_vec();
            b.extend((0..n).map(|_| lcg(&mut seed) as u8));
            b
        } else {
            // Mutate a few bytes of a good archive, favouring headers.
            let mut b = good.clone();
            for _ in 0..(1 + lcg(&mut seed) % 4) {
                let i = (lcg(&mut seed) as usize) % b.len();
                let choices = b" /0123456789#`\n\0xAB\xff";
                b[i] = choices[(lcg(&mut seed) as usize) % choices.len()];
            }
            b
        };
        let _ = members(&buf);
        let _ = member_date(&buf, b"a.o");
        let _ = member_date(&buf, b"verylongmembername_abcdef.o");
        let _ = glob_members(b"lib.a", &buf, b"*.o");
        let _ = set_member_date(&mut buf, b"b.o", 123);
        let _ = set_member_date(&mut buf, b"b.o", i64::MAX);
    }
}

#[test]
fn globbing_members() {
    let ar = gnu_archive();
    assert_eq!(
        glob_members(b"lib.a", &ar, b"*.o").unwrap(),
        v(&[
            "lib.a(a.o)",
            "lib.a(another_long_name.o)",
            "lib.a(b.o)",
            "lib.a(verylongmembername_abcdef.o)"
        ])
    );
    assert_eq!(
        glob_members(b"lib.a", &ar, b"?.o").unwrap(),
        v(&["lib.a(a.o)", "lib.a(b.o)"])
    );
    assert_eq!(
        glob_members(b"lib.a", &ar, b"[b-z]*").unwrap(),
        v(&["lib.a(b.o)", "lib.a(verylongmembername_abcdef.o)"])
    );
    // No wildcard, or no match: nothing (the caller keeps the name).
    assert!(glob_members(b"lib.a", &ar, b"a.o").unwrap().is_empty());
    assert!(glob_members(b"lib.a", &ar, b"*.c").unwrap().is_empty());
    // As in GNU, `*` also matches the symbol table's empty name, but
    // not the `/` name table.
    assert_eq!(glob_members(b"lib.a", &ar, b"*").unwrap()[0], b"lib.a()");
    assert_eq!(glob_members(b"lib.a", &ar, b"*").unwrap().len(), 5);
    let mut read = |n: &[u8]| (n == b"lib.a").then(gnu_archive);
    assert_eq!(
        expand_member_glob(b"lib.a(?.o)", &mut read).unwrap(),
        v(&["lib.a(a.o)", "lib.a(b.o)"])
    );
    assert_eq!(
        expand_member_glob(b"lib.a(*.c)", &mut read).unwrap(),
        v(&["lib.a(*.c)"])
    );
    assert_eq!(
        expand_member_glob(b"nope.a(*.o)", &mut read).unwrap(),
        v(&["nope.a(*.o)"])
    );
    assert_eq!(
        expand_member_glob(b"plain", &mut read).unwrap(),
        v(&["plain"])
    );
    // Leading dots need a literal dot.
    let mut ar2 = MAGIC.to_vec();
    push(&mut ar2, b".hidden.o/", 1, b"x");
    assert!(glob_members(b"l", &ar2, b"*.o").unwrap().is_empty());
    assert_eq!(
        glob_members(b"l", &ar2, b".*.o").unwrap(),
        v(&["l(.hidden.o)"])
    );
}

#[test]
fn member_ref_mtimes() {
    let s = 1_000_000_000i128;
    assert_eq!(
        member_ref_mtime(MTime::Missing, Some(5), MTime::Missing),
        MTime::Missing
    );
    assert_eq!(
        member_ref_mtime(MTime::from_ns(9 * s), None, MTime::Missing),
        MTime::Missing
    );
    assert_eq!(
        member_ref_mtime(MTime::from_ns(9 * s), Some(5), MTime::Missing),
        MTime::from_ns(5 * s)
    );
    // A newer member file means "not yet put in the archive".
    assert_eq!(
        member_ref_mtime(MTime::from_ns(9 * s), Some(5), MTime::from_ns(6 * s)),
        MTime::Missing
    );
    // Only whole seconds count.
    assert_eq!(
        member_ref_mtime(MTime::from_ns(9 * s), Some(5), MTime::from_ns(5 * s + 999)),
        MTime::from_ns(5 * s)
    );
    assert_eq!(
        member_ref_mtime(MTime::from_ns(9 * s), Some(5), MTime::from_ns(4 * s)),
        MTime::from_ns(5 * s)
    );
}

#[test]
fn sets_dates() {
    let mut ar = gnu_archive();
    assert_eq!(
        set_member_date(&mut ar, b"verylongmembername_abcdef.o", 1700000000)
            .unwrap()
            .is_some(),
        true
    );
    assert_eq!(
        member_mtime(&ar, b"verylongmembername_abcdef.o"),
        Some(1700000000)
    );
    assert_eq!(member_mtime(&ar, b"a.o"), Some(1000));
    assert_eq!(set_member_date(&mut ar, b"zz.o", 1).unwrap(), None);
    assert_eq!(
        set_member_date(&mut ar, b"a.o", 100_000_000_000).unwrap_err(),
        ArError::Invalid
    );
    assert_eq!(
        set_member_date(&mut ar, b"a.o", 99_999_999_999)
            .unwrap()
            .is_some(),
        true
    );
    assert_eq!(member_mtime(&ar, b"a.o"), Some(99_999_999_999));
}

/// A fresh scratch directory.
fn scratch(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("rmake-archive-{}-{}", tag, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).ok();
    d
}

/// Runs `ar ARGS` in `dir`; false if `ar` is unavailable or fails.
fn ar(dir: &std::path::Path, args: &[&str]) -> bool {
    Command::new("ar")
        .args(args)
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn real_ar_archives() {
    let d = scratch("real");
    let files = [
        "a.o",
        "b.o",
        "verylongmembername_abcdef.o",
        "fifteen_chars.o",
        "sixteen_chars_.o",
    ];
    for f in files {
        std::fs::write(d.join(f), f.as_bytes()).unwrap();
    }
    let mut args = vec!["rcU", "lib.a"];
    args.extend(files);
    if !ar(&d, &args) {
        eprintln!("skipping: ar not available");
        return;
    }
    let bytes = std::fs::read(d.join("lib.a")).unwrap();
    let ns = names(&bytes);
    for f in files {
        assert!(ns.contains(&f.as_bytes().to_vec()), "{} in {:?}", f, ns);
        assert!(member_mtime(&bytes, f.as_bytes()).unwrap_or(0) > 0, "{}", f);
    }
    assert_eq!(member_mtime(&bytes, b"c.o"), None);
    // Deterministic mode writes date 0: GNU make sees no member.
    assert!(ar(&d, &["rcD", "det.a", "a.o"]));
    let det = std::fs::read(d.join("det.a")).unwrap();
    assert_eq!(names(&det).last(), Some(&b"a.o".to_vec()));
    assert_eq!(member_mtime(&det, b"a.o"), None);

    // Touch: the member's date becomes the archive's mtime.
    let lib = d.join("lib.a");
    let old = filetime::FileTime::from_unix_time(1_500_000_000, 0);
    filetime::set_file_mtime(&lib, old).unwrap();
    let lib_b = lib.as_os_str().as_encoded_bytes().to_vec();
    touch_member(&lib_b, b"verylongmembername_abcdef.o").unwrap();
    // The archive changed: touching again uses its new mtime.
    filetime::set_file_mtime(&lib, old).unwrap();
    touch_member(&lib_b, b"dir/a.o").unwrap();
    let bytes = std::fs::read(&lib).unwrap();
    assert_eq!(
        member_mtime(&bytes, b"verylongmembername_abcdef.o"),
        Some(1_500_000_000)
    );
    assert_eq!(member_mtime(&bytes, b"a.o"), Some(1_500_000_000));
    assert_eq!(member_date_in_file(&lib_b, b"a.o"), Ok(Some(1_500_000_000)));
    // `ar` still reads it.
    let out = Command::new("ar")
        .args(["tv", "lib.a"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(out.status.success());
    let e = touch_member(&lib_b, b"zz.o").unwrap_err();
    assert_eq!(
        e.message(b"lib.a", b"zz.o"),
        b"touch: Member 'zz.o' does not exist in 'lib.a'"
    );
    let missing = d.join("missing.a").as_os_str().as_encoded_bytes().to_vec();
    let e = touch_member(&missing, b"a.o").unwrap_err();
    assert_eq!(
        e.message(b"missing.a", b"a.o"),
        b"touch: Archive 'missing.a' does not exist"
    );
    let notar = d.join("a.o").as_os_str().as_encoded_bytes().to_vec();
    let e = touch_member(&notar, b"a.o").unwrap_err();
    assert_eq!(
        e.message(b"a.o", b"a.o"),
        b"touch: 'a.o' is not a valid archive"
    );
    assert_eq!(member_date_in_file(&missing, b"a.o"), Ok(None));
    assert!(read_archive(&lib_b).is_some());
    let _ = std::fs::remove_dir_all(&d);
}
