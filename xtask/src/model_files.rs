//! Reading a model from the files a user names: `.json` (Smithy JSON AST) and `.smithy` (IDL)
//! files, or folders of them (recursively), several at once, merged into one model.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Every model file a path stands for: the file itself, or the `.smithy` and `.json` files
/// under a folder (recursively, sorted; `*.settings.json` and Cargo's `target/` left out).
pub fn model_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(format!("{}: no such file or folder", path.display()));
    }
    let mut out = Vec::new();
    collect(path, &mut out);
    out.sort();
    if out.is_empty() {
        return Err(format!("{}: holds no .smithy or .json model files", path.display()));
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                collect(&path, out);
            }
        } else if name.ends_with(".smithy") || (name.ends_with(".json") && !name.ends_with(".settings.json")) {
            out.push(path);
        }
    }
}

/// The model the paths hold, as JSON AST text: a single JSON file as it is (so numbers keep the
/// exact text the generator reads from it); otherwise every IDL file read as one model by the
/// IDL reader and every JSON file's shapes and metadata merged in. A shape defined twice, and
/// every IDL error (file, line, column, the line and a caret), is reported; nothing is kept.
pub fn read_model(paths: &[PathBuf]) -> Result<String, String> {
    let mut files = Vec::new();
    for p in paths {
        files.extend(model_files(p)?);
    }
    let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    if let [only] = files.as_slice() {
        if only.extension().is_some_and(|e| e == "json") {
            return read(only);
        }
    }
    let mut idl = Vec::new();
    let mut json = Vec::new();
    for f in &files {
        if f.extension().is_some_and(|e| e == "smithy") {
            idl.push((f.display().to_string(), read(f)?));
        } else {
            json.push((f.display().to_string(), read(f)?));
        }
    }
    let mut model = if idl.is_empty() {
        serde_json::json!({"smithy": "2.0", "shapes": {}})
    } else {
        smithy_codegen::idl::load(&idl).map_err(|errors| {
            let n = errors.len();
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!("{n} problem(s) in the IDL files; nothing was written:\n{}", text.join("\n"))
        })?
    };
    let mut owner: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    if let Some(shapes) = model.get("shapes").and_then(Value::as_object) {
        for id in shapes.keys() {
            owner.insert(id.clone(), "the IDL files".to_owned());
        }
    }
    let mut problems = Vec::new();
    for (name, text) in json {
        let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: not JSON: {e}"))?;
        let shapes = doc.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default();
        for (id, shape) in shapes {
            if let Some(first) = owner.get(&id) {
                problems.push(format!("{name}: {id}: defined again (first in {first})"));
                continue;
            }
            owner.insert(id.clone(), name.clone());
            if let Some(all) = model.get_mut("shapes").and_then(Value::as_object_mut) {
                all.insert(id, shape);
            }
        }
        if let Some(meta) = doc.get("metadata").and_then(Value::as_object) {
            merge_metadata(&mut model, meta, &name, &mut problems);
        }
    }
    if !problems.is_empty() {
        return Err(format!("the model files conflict; nothing was written:\n{}", problems.join("\n")));
    }
    serde_json::to_string(&model).map_err(|e| format!("cannot write the merged model: {e}"))
}

/// Metadata merged as the Smithy spec says: lists concatenate, equal values agree, anything
/// else conflicts.
fn merge_metadata(model: &mut Value, meta: &Map<String, Value>, file: &str, problems: &mut Vec<String>) {
    let Some(root) = model.as_object_mut() else { return };
    let target = root.entry("metadata").or_insert_with(|| Value::Object(Map::new()));
    let Some(target) = target.as_object_mut() else { return };
    for (key, value) in meta {
        match (target.get_mut(key), value) {
            (None, v) => {
                target.insert(key.clone(), v.clone());
            }
            (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more.iter().cloned()),
            (Some(existing), v) if existing == v => {}
            (Some(_), _) => problems.push(format!("{file}: metadata `{key}` conflicts with another file's value")),
        }
    }
}
