//! `cargo xtask idl-tests DIR`: the IDL reader against the Smithy reference loader's own test
//! suites (../shared/idl-tests): (a) every `loader/valid` file with a `.json` beside it gives the
//! same model, and the others load; (b) every `loader/invalid` file is rejected, counting how
//! many at the reference's line and column; (c) each protocol-test folder of
//! `protocol-tests-idl` gives the shapes of the matching ../protocol-tests JSON file. Models are
//! compared whole without regard to order, then in the order Smithy's model keeps ([`order`]).

mod order;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use smithy_codegen::idl;


fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(path);
        }
    }
}

/// The object holding member `name` of a shape body: the body itself for list/set/map members,
/// `members` otherwise.
fn member_holder<'a>(body: &'a mut Map<String, Value>, ty: &str) -> Option<&'a mut Map<String, Value>> {
    if matches!(ty, "list" | "set" | "map") {
        Some(body)
    } else {
        body.entry("members").or_insert_with(|| Value::Object(Map::new())).as_object_mut()
    }
}

/// Makes two JSON ASTs comparable as models: `apply` entries merged, mixin members copied into
/// the shapes that use them, default operation input/output spelled out, empty `members` and
/// the version dropped, id lists sorted, numbers compared as floats.
fn normalize(model: &Value) -> Value {
    let mut shapes = model.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default();
    let applies: Vec<(String, Value)> = shapes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("apply"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (id, apply) in applies {
        shapes.remove(&id);
        let traits = apply.get("traits").and_then(Value::as_object).cloned().unwrap_or_default();
        let (shape, member) = match id.split_once('$') {
            Some((s, m)) => (s.to_owned(), Some(m.to_owned())),
            None => (id.clone(), None),
        };
        let Some(body) = shapes.get_mut(&shape).and_then(Value::as_object_mut) else {
            shapes.insert(id.clone(), apply.clone());
            continue;
        };
        let slot = match &member {
            None => Some(body),
            Some(m) => {
                let ty = body.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
                member_holder(body, &ty).and_then(|h| h.entry(m.clone()).or_insert_with(|| Value::Object(Map::new())).as_object_mut())
            }
        };
        let Some(slot) = slot else { continue };
        if let Some(t) = slot.entry("traits").or_insert_with(|| Value::Object(Map::new())).as_object_mut() {
            for (k, v) in traits {
                t.insert(k, v);
            }
        }
    }
    let ids: Vec<String> = shapes.keys().cloned().collect();
    for id in &ids {
        let mut inherited: Vec<(String, Value)> = Vec::new();
        collect_mixin_members(&shapes, id, &mut inherited, 0);
        let Some(body) = shapes.get_mut(id).and_then(Value::as_object_mut) else { continue };
        let ty = body.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
        for (name, member) in inherited {
            let Some(holder) = member_holder(body, &ty) else { continue };
            let Some(own) = holder.entry(name).or_insert_with(|| Value::Object(Map::new())).as_object_mut() else { continue };
            if !own.contains_key("target") {
                if let Some(t) = member.get("target") {
                    own.insert("target".into(), t.clone());
                }
            }
            let mut traits = member.get("traits").and_then(Value::as_object).cloned().unwrap_or_default();
            if let Some(local) = own.get("traits").and_then(Value::as_object) {
                for (k, v) in local {
                    traits.insert(k.clone(), v.clone());
                }
            }
            own.insert("traits".into(), Value::Object(traits));
        }
    }
    for shape in shapes.values_mut() {
        let Some(body) = shape.as_object_mut() else { continue };
        let ty = body.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
        if ty == "operation" {
            for key in ["input", "output"] {
                body.entry(key).or_insert_with(|| serde_json::json!({"target": "smithy.api#Unit"}));
            }
        }
        if body.get("members").and_then(Value::as_object).is_some_and(Map::is_empty) {
            body.remove("members");
        }
        for key in ["operations", "resources", "errors", "collectionOperations", "mixins"] {
            if let Some(Value::Array(items)) = body.get_mut(key) {
                items.sort_by_key(|v| v.to_string());
                if items.is_empty() {
                    body.remove(key);
                }
            }
        }
        clean_traits(body);
        for key in ["member", "key", "value"] {
            if let Some(Value::Object(m)) = body.get_mut(key) {
                clean_traits(m);
            }
        }
        if let Some(Value::Object(members)) = body.get_mut("members") {
            for m in members.values_mut() {
                if let Some(m) = m.as_object_mut() {
                    clean_traits(m);
                }
            }
        }
    }
    let mut out = Map::new();
    let metadata = model.get("metadata").cloned().unwrap_or(Value::Object(Map::new()));
    out.insert("metadata".into(), numbers_as_f64(metadata));
    out.insert("shapes".into(), numbers_as_f64(Value::Object(shapes)));
    Value::Object(out)
}

fn clean_traits(body: &mut Map<String, Value>) {
    if body.get("traits").and_then(Value::as_object).is_some_and(Map::is_empty) {
        body.remove("traits");
    }
}

fn numbers_as_f64(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Number(n)),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_f64).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect()),
        other => other,
    }
}

/// The members `id` inherits from its mixins (recursively), later mixins' traits winning.
fn collect_mixin_members(shapes: &Map<String, Value>, id: &str, out: &mut Vec<(String, Value)>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Some(body) = shapes.get(id) else { return };
    let mixins: Vec<String> = body
        .get("mixins")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|m| m.get("target").and_then(Value::as_str).map(str::to_owned)).collect())
        .unwrap_or_default();
    for mixin in mixins {
        collect_mixin_members(shapes, &mixin, out, depth + 1);
        let Some(mbody) = shapes.get(&mixin) else { continue };
        let mut own: Vec<(String, Value)> =
            mbody.get("members").and_then(Value::as_object).map(|m| m.clone().into_iter().collect()).unwrap_or_default();
        for key in ["member", "key", "value"] {
            if let Some(m) = mbody.get(key) {
                own.push((key.to_owned(), m.clone()));
            }
        }
        for (name, member) in own {
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => {
                    let mut traits = existing.get("traits").and_then(Value::as_object).cloned().unwrap_or_default();
                    if let Some(t) = member.get("traits").and_then(Value::as_object) {
                        for (k, v) in t {
                            traits.insert(k.clone(), v.clone());
                        }
                    }
                    let mut merged = member.clone();
                    if let Some(m) = merged.as_object_mut() {
                        m.insert("traits".into(), Value::Object(traits));
                    }
                    *existing = merged;
                }
                None => out.push((name, member)),
            }
        }
    }
}

fn with_shared(model: Value, shared: &Option<Value>) -> Value {
    let Some(shared) = shared else { return model };
    let mut model = model;
    if let Some(m) = model.as_object_mut() {
        m.entry("shapes").or_insert_with(|| Value::Object(Map::new()));
    }
    if let (Some(shapes), Some(extra)) =
        (model.get_mut("shapes").and_then(Value::as_object_mut), shared.get("shapes").and_then(Value::as_object))
    {
        for (k, v) in extra {
            shapes.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    model
}

/// Differences between two normalised models, for the report.
fn diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let e = expected.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default();
    let a = actual.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default();
    for (k, v) in &e {
        match a.get(k) {
            None => out.push(format!("missing shape {k}")),
            Some(av) if av != v => out.push(format!("shape {k}: expected {v} got {av}")),
            _ => {}
        }
    }
    for k in a.keys() {
        if !e.contains_key(k) {
            out.push(format!("extra shape {k}"));
        }
    }
    if expected.get("metadata") != actual.get("metadata") {
        out.push(format!("metadata: expected {:?} got {:?}", expected.get("metadata"), actual.get("metadata")));
    }
    out
}

/// Reads JSON whose numbers may be beyond `f64` (serde_json rejects those): such numbers are
/// read as `f64::MAX` (or `MIN`), as the IDL reader clamps them.
fn read_json(text: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str(text) {
        return Some(v);
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_string = false;
    while let Some(&c) = chars.get(i) {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            } else if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            i += 1;
            continue;
        }
        if c == '-' || c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')) {
                i += 1;
            }
            let number: String = chars.get(start..i).map(|s| s.iter().collect()).unwrap_or_default();
            match number.parse::<f64>() {
                Ok(f) if f.is_infinite() => out.push_str(&format!("{:e}", if f > 0.0 { f64::MAX } else { f64::MIN })),
                _ => out.push_str(&number),
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    serde_json::from_str(&out).ok()
}

/// `... at line L, column C ...` in the first line of an invalid file.
fn expected_position(text: &str) -> Option<(usize, usize)> {
    let first = text.lines().next()?;
    let start = first.find("at line ")? + "at line ".len();
    let rest = first.get(start..)?;
    let (line, rest) = rest.split_once(", column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}


// The figures `IdlReport::check` requires, exactly (the README reports them).

/// (a) valid files with a `.json` beside them that give its model.
pub const VALID_SAME_MODEL: usize = 62;
/// (a) valid files without a `.json` that load.
pub const VALID_LOADING: usize = 18;
/// (b) invalid files, all rejected.
pub const INVALID_REJECTED: usize = 181;
/// (b) invalid files that state the position of their error...
pub const INVALID_STATING_A_POSITION: usize = 144;
/// ...and those of them rejected at that line and column.
pub const INVALID_AT_THE_POSITION: usize = 143;
/// (c) protocol-test JSON files whose shapes the IDL folders give, all of them.
pub const PROTOCOL_FOLDERS: usize = 9;

/// What running the suites found.
#[derive(Debug, Default, Clone)]
pub struct IdlReport {
    /// (a) valid files with a `.json` beside them: same model.
    pub valid: (usize, usize),
    /// (a) valid files without a `.json`: loaded.
    pub valid_loaded: (usize, usize),
    /// (b) invalid files: rejected.
    pub invalid: (usize, usize),
    /// (b) invalid files stating a position: rejected at it (of those).
    pub at_position: (usize, usize),
    /// (c) protocol-test JSON files whose shapes the IDL folders give.
    pub protocol: (usize, usize),
    /// One line per failure.
    pub failures: Vec<String>,
}

impl IdlReport {
    /// The figures, one line each, `NAME: N passed, M failed`.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.failures.iter().map(|f| format!("  {f}")).collect();
        let line = |name: &str, (p, f): (usize, usize)| format!("{name}: {p} passed, {f} failed");
        out.push(line("valid (same model as the .json)", self.valid));
        out.push(line("valid (no .json: loads)", self.valid_loaded));
        out.push(line("invalid (rejected)", self.invalid));
        let stated = self.at_position.0 + self.at_position.1;
        let unstated = self.invalid.0 + self.invalid.1 - stated;
        out.push(line(
            &format!("invalid stating a position ({stated}; {unstated} state none): rejected at the reference's line and column"),
            self.at_position,
        ));
        out.push(line("protocol-tests-idl (shapes of the matching ../protocol-tests file)", self.protocol));
        out
    }

    /// The figures the README quotes, by key.
    pub fn figures(&self) -> std::collections::BTreeMap<String, String> {
        let stated = self.at_position.0 + self.at_position.1;
        let all = self.invalid.0 + self.invalid.1;
        [
            ("idl.valid-same", self.valid.0),
            ("idl.valid", self.valid.0 + self.valid.1),
            ("idl.loads", self.valid_loaded.0),
            ("idl.loads-of", self.valid_loaded.0 + self.valid_loaded.1),
            ("idl.invalid-rejected", self.invalid.0),
            ("idl.invalid", all),
            ("idl.at-position", self.at_position.0),
            ("idl.stating-position", stated),
            ("idl.stating-none", all - stated),
            ("idl.protocol-folders", self.protocol.0),
            ("idl.protocol-folders-of", self.protocol.0 + self.protocol.1),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_string()))
        .collect()
    }

    /// Fails unless every figure is exactly the expected one (the constants above): one file
    /// more or less in any suite, or one position lost, is a change to look at and to record.
    pub fn check(&self) -> Result<(), String> {
        let at_position = (INVALID_AT_THE_POSITION, INVALID_STATING_A_POSITION - INVALID_AT_THE_POSITION);
        let figures = [
            ("valid (same model)", self.valid, (VALID_SAME_MODEL, 0)),
            ("valid (loads)", self.valid_loaded, (VALID_LOADING, 0)),
            ("invalid (rejected)", self.invalid, (INVALID_REJECTED, 0)),
            ("invalid (at the stated position)", self.at_position, at_position),
            ("protocol-tests-idl", self.protocol, (PROTOCOL_FOLDERS, 0)),
        ];
        let off: Vec<String> = figures
            .iter()
            .filter(|(_, actual, expected)| actual != expected)
            .map(|(name, (p, f), (ep, ef))| format!("{name}: {p} passed, {f} failed; expected {ep} passed, {ef} failed"))
            .collect();
        if off.is_empty() {
            Ok(())
        } else {
            Err(format!("idl-tests: the figures differ from the expected ones:\n  {}", off.join("\n  ")))
        }
    }
}

/// Runs the three suites found under `root`.
pub fn run(root: &Path) -> Result<IdlReport, String> {
    if !root.is_dir() {
        return Err(format!("{}: the IDL test suites are not there", root.display()));
    }
    let mut report = IdlReport::default();
    valid_suite(root, &mut report);
    invalid_suite(root, &mut report);
    protocol_suite(root, &mut report);
    Ok(report)
}

fn count(slot: &mut (usize, usize), ok: bool) {
    if ok {
        slot.0 += 1;
    } else {
        slot.1 += 1;
    }
}

fn valid_suite(root: &Path, report: &mut IdlReport) {
    let valid_dir = root.join("loader/valid");
    let shared: Option<Value> = std::fs::read_to_string(valid_dir.join("__shared.json")).ok().and_then(|t| serde_json::from_str(&t).ok());
    let mut smithy_files = Vec::new();
    files_under(&valid_dir, "smithy", &mut smithy_files);
    smithy_files.sort();
    for path in &smithy_files {
        let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let result = idl::parse(&name, &text);
        let json_path = path.with_extension("json");
        if !json_path.is_file() {
            let ok = result.is_ok();
            if !ok {
                report.failures.push(format!("valid {name}: rejected"));
            }
            count(&mut report.valid_loaded, ok);
            continue;
        }
        let expected: Option<Value> = std::fs::read_to_string(&json_path).ok().and_then(|t| read_json(&t));
        let ok = match (result, expected) {
            (Ok(actual), Some(expected)) => {
                let (expected, actual) = (with_shared(expected, &shared), with_shared(actual, &shared));
                let misordered = order::differences(&order::orders(&expected), &order::orders(&actual));
                let (e, a) = (normalize(&expected), normalize(&actual));
                let mut problems = if e == a { Vec::new() } else { diff(&e, &a) };
                problems.extend(misordered);
                if !problems.is_empty() {
                    report.failures.push(format!("valid {name}: {}", problems.join("; ")));
                }
                problems.is_empty()
            }
            (Ok(_), None) => {
                report.failures.push(format!("valid {name}: the expected JSON cannot be read"));
                false
            }
            (Err(errors), _) => {
                report.failures.push(format!("valid {name}: rejected: {}", errors.first().map(|e| e.message.as_str()).unwrap_or("")));
                false
            }
        };
        count(&mut report.valid, ok);
    }
}

fn invalid_suite(root: &Path, report: &mut IdlReport) {
    let mut invalid_files = Vec::new();
    files_under(&root.join("loader/invalid"), "smithy", &mut invalid_files);
    invalid_files.sort();
    for path in &invalid_files {
        let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let expected = expected_position(&text);
        match idl::parse(&name, &text) {
            Ok(_) => {
                report.failures.push(format!("invalid {name}: not rejected ({})", text.lines().next().unwrap_or("")));
                count(&mut report.invalid, false);
            }
            Err(errors) => {
                count(&mut report.invalid, true);
                let first = errors.first().map(|e| (e.line, e.column));
                if let Some(pos) = expected {
                    if first != Some(pos) {
                        report.failures.push(format!("invalid {name}: rejected at {first:?}, the reference at {pos:?}"));
                    }
                    count(&mut report.at_position, first == Some(pos));
                }
            }
        }
    }
}

/// The protocol-test JSON file each IDL folder of `protocol-tests-idl` matches.
const SUITES: &[(&str, &[(&str, &str)])] = &[
    ("aws-json-1_0.json", &[("smithy-aws-protocol-tests", "awsJson1_0")]),
    ("aws-json-1_1.json", &[("smithy-aws-protocol-tests", "awsJson1_1")]),
    ("aws-query.json", &[("smithy-aws-protocol-tests", "awsQuery")]),
    ("ec2-query.json", &[("smithy-aws-protocol-tests", "ec2Query")]),
    ("rest-json-1.json", &[("smithy-aws-protocol-tests", "restJson1")]),
    ("rest-xml.json", &[("smithy-aws-protocol-tests", "restXml")]),
    ("rest-xml-namespace.json", &[("smithy-aws-protocol-tests", "restXmlWithNamespace")]),
    ("rpcv2-cbor.json", &[("smithy-protocol-tests", "rpcv2Cbor"), ("smithy-aws-protocol-tests", "rpcv2Cbor")]),
    ("rpcv2-json.json", &[("smithy-protocol-tests", "rpcv2Json")]),
];

/// The IDL files of each protocol-test folder with the ../protocol-tests JSON file (by name) it
/// matches, as suite (c) pairs them: for each folder, its own files, its project's shared files
/// and the trait models (the prelude aside), each folder to be read as one model.
pub fn protocol_folders(root: &Path) -> Vec<(&'static str, Vec<Vec<PathBuf>>)> {
    let trait_models = trait_models(root);
    let folder_files = |project: &str, folder: &str| {
        let model_dir = root.join("protocol-tests-idl").join(project).join("model");
        let mut paths = Vec::new();
        files_under(&model_dir.join(folder), "smithy", &mut paths);
        for shared in ["shared-types.smithy", "aws-config.smithy"] {
            if model_dir.join(shared).is_file() {
                paths.push(model_dir.join(shared));
            }
        }
        paths.sort();
        paths.extend(trait_models.iter().cloned());
        paths
    };
    SUITES.iter().map(|(json_file, folders)| (*json_file, folders.iter().map(|(p, f)| folder_files(p, f)).collect())).collect()
}

/// The trait definition files of `trait-models`, the prelude aside, sorted.
fn trait_models(root: &Path) -> Vec<PathBuf> {
    let mut trait_models = Vec::new();
    files_under(&root.join("trait-models"), "smithy", &mut trait_models);
    trait_models.retain(|p| p.file_name().and_then(|n| n.to_str()) != Some("prelude.smithy"));
    trait_models.sort();
    trait_models
}

/// Each file's name (relative to `root`) and text; unreadable files are left out.
pub fn read_files(root: &Path, paths: &[PathBuf]) -> Vec<(String, String)> {
    paths
        .iter()
        .filter_map(|p| {
            let name = p.strip_prefix(root).unwrap_or(p).display().to_string();
            std::fs::read_to_string(p).ok().map(|t| (name, t))
        })
        .collect()
}

/// The protocol-test JSON files are flattened: a shape carries its mixins' members (as
/// `normalize` already copies them) and traits (its own winning, `@mixin` and the mixin's
/// `localTraits` excepted) and names no mixins. Numbers are compared to 15 significant digits,
/// as the files were written from doubles.
fn flatten(model: &Value) -> Value {
    let mut model = normalize(model);
    let Some(shapes) = model.get_mut("shapes").and_then(Value::as_object_mut) else { return model };
    let source = shapes.clone();
    for shape in shapes.values_mut() {
        let Some(body) = shape.as_object_mut() else { continue };
        let mut inherited = Map::new();
        collect_mixin_traits(&source, body, &mut inherited, 0);
        body.remove("mixins");
        if !inherited.is_empty() {
            let traits = body.entry("traits").or_insert_with(|| Value::Object(Map::new()));
            if let Some(traits) = traits.as_object_mut() {
                for (k, v) in inherited {
                    traits.entry(k).or_insert(v);
                }
            }
        }
    }
    round_numbers(model)
}

fn collect_mixin_traits(shapes: &Map<String, Value>, body: &Map<String, Value>, out: &mut Map<String, Value>, depth: usize) {
    if depth > 64 {
        return;
    }
    let mixins = body.get("mixins").and_then(Value::as_array).cloned().unwrap_or_default();
    for mixin in mixins.iter().rev() {
        let Some(m) = mixin.get("target").and_then(Value::as_str).and_then(|id| shapes.get(id)).and_then(Value::as_object) else { continue };
        let traits = m.get("traits").and_then(Value::as_object).cloned().unwrap_or_default();
        let local: Vec<String> = traits
            .get("smithy.api#mixin")
            .and_then(|t| t.get("localTraits"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        for (k, v) in traits {
            if k != "smithy.api#mixin" && !local.contains(&k) {
                out.entry(k).or_insert(v);
            }
        }
        collect_mixin_traits(shapes, m, out, depth + 1);
    }
}

fn round_numbers(v: Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) => format!("{f:.14e}").parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Value::Number(n), Value::Number),
            None => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(round_numbers).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, round_numbers(v))).collect()),
        other => other,
    }
}

/// Where two values first differ (for `IDL_VERBOSE`).
fn first_difference(expected: &Value, got: &Value, at: String) -> String {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, v) in e {
                match g.get(k) {
                    None => return format!("{at}/{k}: missing"),
                    Some(gv) if gv != v => return first_difference(v, gv, format!("{at}/{k}")),
                    Some(_) => {}
                }
            }
            g.keys().find(|k| !e.contains_key(*k)).map_or_else(|| format!("{at}: ?"), |k| format!("{at}/{k}: extra"))
        }
        (Value::Array(e), Value::Array(g)) if e.len() == g.len() => {
            e.iter().zip(g).enumerate().find(|(_, (a, b))| a != b).map_or_else(|| format!("{at}: ?"), |(i, (a, b))| first_difference(a, b, format!("{at}/{i}")))
        }
        _ => format!("{at}: expected {expected}, got {got}"),
    }
}

/// (c): each JSON file's shapes (the trait definitions and the prelude aside) are the shapes
/// that loading its folder (with the project's shared files and the trait models) gives.
fn protocol_suite(root: &Path, report: &mut IdlReport) {
    let Some(json_dir) = root.parent().map(|p| p.join("protocol-tests")) else { return };
    let trait_ids: std::collections::BTreeSet<String> = idl::load(&read_files(root, &trait_models(root)))
        .ok()
        .and_then(|m| m.get("shapes").and_then(Value::as_object).map(|s| s.keys().cloned().collect()))
        .unwrap_or_default();
    for (json_file, folders) in protocol_folders(root) {
        let Some(expected) = std::fs::read_to_string(json_dir.join(json_file)).ok().and_then(|t| read_json(&t)) else {
            report.failures.push(format!("protocol {json_file}: not found beside the IDL suites"));
            count(&mut report.protocol, false);
            continue;
        };
        let mut loaded = Map::new();
        let mut loaded_order = std::collections::BTreeMap::new();
        let mut problems = Vec::new();
        for paths in &folders {
            match idl::load(&read_files(root, paths)) {
                Ok(model) => {
                    for (id, o) in order::orders(&model) {
                        loaded_order.entry(id).or_insert(o);
                    }
                    let normal = flatten(&model);
                    for (id, shape) in normal.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default() {
                        loaded.entry(id).or_insert(shape);
                    }
                }
                Err(errors) => {
                    let folder = paths.first().and_then(|p| p.parent()).map(|p| p.display().to_string()).unwrap_or_default();
                    problems.push(format!("{folder}: {} errors, first: {}", errors.len(), errors[0].message))
                }
            }
        }
        let expected_order = order::orders(&expected);
        let expected = flatten(&expected);
        let mut compared = 0;
        for (id, shape) in expected.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default() {
            if id.starts_with("smithy.api#") || trait_ids.contains(&id) {
                continue;
            }
            compared += 1;
            match loaded.get(&id) {
                None => problems.push(format!("{id} is missing")),
                Some(got) if *got != shape => {
                    if std::env::var_os("IDL_VERBOSE").is_some() {
                        eprintln!("{id}: {}", first_difference(&shape, got, String::new()));
                    }
                    problems.push(format!("{id} differs"))
                }
                Some(_) => {}
            }
        }
        let compared_order = expected_order.into_iter().filter(|(id, _)| !id.starts_with("smithy.api#") && !trait_ids.contains(id)).collect();
        problems.extend(order::differences(&compared_order, &loaded_order));
        if !problems.is_empty() {
            report.failures.push(format!("protocol {json_file}: {}", problems.iter().take(5).cloned().collect::<Vec<_>>().join("; ")));
        }
        if compared == 0 {
            report.failures.push(format!("protocol {json_file}: no shapes compared"));
        }
        count(&mut report.protocol, problems.is_empty() && compared > 0);
    }
}
