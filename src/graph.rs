//! `--graph[=dot|json]`: the dependency graph of the goals after
//! implicit-rule resolution, printed on stdout; no recipe runs (the
//! makefiles are not remade either).
//!
//! Every file reachable from the goals is a node: its name, whether it is
//! phony or intermediate, the rule that makes it (explicit with its
//! location, implicit with its pattern, or none) and its prerequisites,
//! normal or order-only, in order. Double-colon entries are merged.

use crate::compile_commands::json_string;
use crate::error::Result;
use crate::make::Make;
use crate::rules::FileId;

/// ("explicit" | "implicit", pattern, location of the recipe).
type Rule = (&'static str, Option<Vec<u8>>, Vec<u8>);

/// One node of the graph.
struct Node {
    name: Vec<u8>,
    phony: bool,
    intermediate: bool,
    rule: Option<Rule>,
    prereqs: Vec<(FileId, bool)>,
}

/// The goals: those given, else the default goal.
pub fn goal_ids(mk: &mut Make, goals: &[Vec<u8>]) -> Result<Vec<FileId>> {
    if !goals.is_empty() {
        return Ok(goals.iter().map(|g| mk.db.intern(g)).collect());
    }
    let value = mk.var_value(b".DEFAULT_GOAL")?;
    if let Some(id) = mk.db.get(&value) {
        return Ok(vec![id]);
    }
    Ok(crate::parser::split_file_seq(&value, b"")
        .0
        .first()
        .map(|n| vec![mk.db.intern(n)])
        .unwrap_or_default())
}

/// Resolves implicit rules from the goals down and collects the nodes in
/// depth-first order.
fn collect(
    mk: &mut Make,
    goals: &[FileId],
) -> Result<(Vec<FileId>, crate::hash::FxHashMap<FileId, Node>)> {
    mk.snap_deps()?;
    let mut order = Vec::new();
    let mut nodes: crate::hash::FxHashMap<FileId, Node> = Default::default();
    let mut stack: Vec<FileId> = goals.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        let id = mk.db.file(id).ext().double_colon.get().unwrap_or(id);
        if nodes.contains_key(&id) {
            continue;
        }
        let mut node = Node {
            name: mk.db.file(id).name.to_vec(),
            phony: false,
            intermediate: false,
            rule: None,
            prereqs: Vec::new(),
        };
        for e in mk.db.entries(id) {
            let (phony, has_recipe, tried) = {
                let f = mk.db.file(e);
                (f.phony, f.recipe.is_some(), f.tried_implicit)
            };
            let mut implicit = false;
            if !phony && !has_recipe && !tried {
                implicit = mk.try_implicit_rule(e, 0)?;
                mk.db.file_mut(e).tried_implicit = true;
            }
            if mk.db.second_expansion {
                mk.expand_second_deps(e)?;
            }
            let f = mk.db.file(e);
            node.phony |= f.phony;
            node.intermediate |= f.intermediate;
            if node.rule.is_none() {
                if let Some(r) = &f.recipe {
                    let loc = if r.loc.file.is_empty() {
                        b"<builtin>".to_vec()
                    } else {
                        let mut v = r.loc.file.to_vec();
                        v.extend_from_slice(format!(":{}", r.loc.line).as_bytes());
                        v
                    };
                    let pattern = mk
                        .db
                        .patterns
                        .iter()
                        .find(|p| p.recipe.as_ref().is_some_and(|pr| std::ptr::eq(*pr, *r)))
                        .map(|p| {
                            let mut v = p.targets.join(&b' ');
                            v.extend_from_slice(b":");
                            for d in &p.prereqs {
                                v.push(b' ');
                                v.extend_from_slice(d);
                            }
                            if !p.order_only.is_empty() {
                                v.extend_from_slice(b" |");
                                for d in &p.order_only {
                                    v.push(b' ');
                                    v.extend_from_slice(d);
                                }
                            }
                            v
                        });
                    let kind = if implicit || pattern.is_some() {
                        "implicit"
                    } else {
                        "explicit"
                    };
                    node.rule = Some((kind, pattern, loc));
                }
            }
            for d in &f.deps {
                node.prereqs.push((d.file, d.order_only));
            }
        }
        for &(d, _) in node.prereqs.iter().rev() {
            stack.push(d);
        }
        order.push(id);
        nodes.insert(id, node);
    }
    Ok((order, nodes))
}

fn dot_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

/// Prints the graph of GOALS; returns make's exit status.
pub fn print(mk: &mut Make, goals: &[Vec<u8>], format: crate::cli::GraphFormat) -> Result<i32> {
    let ids = goal_ids(mk, goals)?;
    let (order, nodes) = collect(mk, &ids)?;
    let name_of = |id: FileId| -> Vec<u8> {
        let id = mk.db.file(id).ext().double_colon.get().unwrap_or(id);
        nodes
            .get(&id)
            .map(|n| n.name.to_vec())
            .unwrap_or_else(|| mk.db.file(id).name.to_vec())
    };
    let mut v = Vec::new();
    match format {
        crate::cli::GraphFormat::Dot => {
            v.extend_from_slice(b"digraph make {\n");
            for id in &order {
                let n = &nodes[id];
                v.extend_from_slice(b"  ");
                dot_string(&mut v, &n.name);
                let mut attrs: Vec<Vec<u8>> = Vec::new();
                if n.phony {
                    attrs.push(b"shape=box".to_vec());
                }
                if n.intermediate {
                    attrs.push(b"style=dotted".to_vec());
                }
                if let Some((kind, pattern, loc)) = &n.rule {
                    let mut t = kind.as_bytes().to_vec();
                    t.extend_from_slice(b" rule ");
                    if let Some(p) = pattern {
                        t.extend_from_slice(p);
                        t.push(b' ');
                    }
                    t.extend_from_slice(loc);
                    let mut a = b"tooltip=".to_vec();
                    dot_string(&mut a, &t);
                    attrs.push(a);
                }
                if !attrs.is_empty() {
                    v.extend_from_slice(b" [");
                    v.extend_from_slice(&attrs.join(&b", "[..]));
                    v.push(b']');
                }
                v.extend_from_slice(b";\n");
            }
            for id in &order {
                let n = &nodes[id];
                for &(d, oo) in &n.prereqs {
                    v.extend_from_slice(b"  ");
                    dot_string(&mut v, &n.name);
                    v.extend_from_slice(b" -> ");
                    dot_string(&mut v, &name_of(d));
                    if oo {
                        v.extend_from_slice(b" [style=dashed]");
                    }
                    v.extend_from_slice(b";\n");
                }
            }
            v.extend_from_slice(b"}\n");
        }
        crate::cli::GraphFormat::Json => {
            v.extend_from_slice(b"{\n  \"goals\": [");
            for (i, g) in ids.iter().enumerate() {
                if i > 0 {
                    v.extend_from_slice(b", ");
                }
                json_string(&mut v, &name_of(*g));
            }
            v.extend_from_slice(b"],\n  \"targets\": [\n");
            for (k, id) in order.iter().enumerate() {
                let n = &nodes[id];
                v.extend_from_slice(b"    {\"name\": ");
                json_string(&mut v, &n.name);
                v.extend_from_slice(
                    format!(
                        ", \"phony\": {}, \"intermediate\": {}, \"rule\": ",
                        n.phony, n.intermediate
                    )
                    .as_bytes(),
                );
                match &n.rule {
                    None => v.extend_from_slice(b"null"),
                    Some((kind, pattern, loc)) => {
                        v.extend_from_slice(format!("{{\"kind\": \"{kind}\"").as_bytes());
                        if let Some(p) = pattern {
                            v.extend_from_slice(b", \"pattern\": ");
                            json_string(&mut v, p);
                        }
                        v.extend_from_slice(b", \"location\": ");
                        json_string(&mut v, loc);
                        v.push(b'}');
                    }
                }
                v.extend_from_slice(b", \"prerequisites\": [");
                for (i, &(d, oo)) in n.prereqs.iter().enumerate() {
                    if i > 0 {
                        v.extend_from_slice(b", ");
                    }
                    v.extend_from_slice(b"{\"name\": ");
                    json_string(&mut v, &name_of(d));
                    v.extend_from_slice(if oo {
                        b", \"kind\": \"order-only\"}"
                    } else {
                        b", \"kind\": \"normal\"}"
                    });
                }
                v.extend_from_slice(b"]}");
                if k + 1 < order.len() {
                    v.push(b',');
                }
                v.push(b'\n');
            }
            v.extend_from_slice(b"  ]\n}\n");
        }
    }
    mk.out.stdout(&v);
    Ok(0)
}
