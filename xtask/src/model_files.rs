//! Reading a model from the files a user names: `.json` (Smithy JSON AST) and `.smithy` (IDL)
//! files, or folders of them (recursively), several at once, merged into one model.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use smithy_codegen::idl::Loaded;
use smithy_codegen::source_map::SourceMap;

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

/// A model read from files: its JSON AST text, where its shapes were written (for placing the
/// generator's diagnostics), and what the IDL reader warns about (file, line and column).
#[derive(Debug, Clone, Default)]
pub struct ModelText {
    /// The JSON AST.
    pub json: String,
    /// Where each shape was written: `.smithy` positions, or the `.json` file.
    pub sources: SourceMap,
    /// Warnings about the files (a `use` of a name nothing defines), each with its position.
    pub warnings: Vec<String>,
}

/// The model the paths hold, as JSON AST text (see [`load_model`]).
pub fn read_model(paths: &[PathBuf]) -> Result<String, String> {
    load_model(paths).map(|model| model.json)
}

/// The model the paths hold: a single JSON file as it is (so numbers keep the exact text the
/// generator reads from it), IDL files alone as the IDL reader writes them (numbers too);
/// otherwise the IDL files read as one model and every JSON file's shapes and metadata merged
/// in, members in their files' order (numbers a double cannot hold are then rounded). A shape
/// defined again by another file is read once when the definitions are equivalent (as Smithy
/// ignores such a duplicate); a shape defined twice differently, every IDL error and every
/// misspelt `use` (file, line, column, the line and a caret) is reported; nothing is kept.
pub fn load_model(paths: &[PathBuf]) -> Result<ModelText, String> {
    let mut files = Vec::new();
    for p in paths {
        files.extend(model_files(p)?);
    }
    let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    if let [only] = files.as_slice() {
        if only.extension().is_some_and(|e| e == "json") {
            return Ok(ModelText { json: read(only)?, ..ModelText::default() });
        }
    }
    let mut idl = Vec::new();
    let mut json = Vec::new();
    for f in &files {
        let text = read(f)?;
        if f.extension().is_some_and(|e| e == "smithy") {
            idl.push((f.display().to_string(), text));
        } else {
            let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", f.display()))?;
            json.push((f.display().to_string(), doc));
        }
    }
    let json_ids: BTreeSet<String> = json.iter().flat_map(|(_, doc)| shape_ids(doc)).collect();
    let (loaded, warnings) = read_idl(&idl, &json_ids)?;
    if json.is_empty() {
        return Ok(ModelText { json: loaded.to_json(), sources: loaded.sources, warnings });
    }
    let (mut model, mut sources) = (loaded.model, loaded.sources);
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for id in shape_ids(&model) {
        owner.insert(id, "the IDL files".to_owned());
    }
    let mut problems = Vec::new();
    for (name, doc) in json {
        let shapes = doc.get("shapes").and_then(Value::as_object).cloned().unwrap_or_default();
        for (id, shape) in shapes {
            if let Some(first) = owner.get(&id) {
                if let Some(why) = redefinition(&model, &id, &shape) {
                    problems.push(format!("{name}: {id}: defined again, differently ({why}; first in {first})"));
                }
                continue;
            }
            owner.insert(id.clone(), name.clone());
            sources.note_json_shape(&id, &name);
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
    let json = serde_json::to_string(&model).map_err(|e| format!("cannot write the merged model: {e}"))?;
    Ok(ModelText { json, sources, warnings })
}

/// Why `shape` is not the definition of `id` the model already has, or `None` when it is an
/// equivalent one.
fn redefinition(model: &Value, id: &str, shape: &Value) -> Option<String> {
    let kept = model.get("shapes").and_then(|s| s.get(id)).unwrap_or(&Value::Null);
    smithy_codegen::idl::shape_difference(kept, shape)
}

/// The ids of a JSON AST document's shapes.
fn shape_ids(doc: &Value) -> Vec<String> {
    doc.get("shapes").and_then(Value::as_object).map(|s| s.keys().cloned().collect()).unwrap_or_default()
}

/// The IDL files read as one model (an empty model when there are none) and the warnings about
/// their `use` statements; `json_ids` are the shapes the JSON files read with them define.
fn read_idl(idl: &[(String, String)], json_ids: &BTreeSet<String>) -> Result<(Loaded, Vec<String>), String> {
    let refused = |errors: &[smithy_codegen::idl::IdlError]| {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("{} problem(s) in the IDL files; nothing was written:\n{}", errors.len(), text.join("\n"))
    };
    let loaded = smithy_codegen::idl::load_beside(idl, json_ids).map_err(|errors| refused(&errors))?;
    let uses = loaded.check_uses(json_ids);
    if !uses.errors.is_empty() {
        return Err(refused(&uses.errors));
    }
    let warnings = uses.warnings.iter().map(ToString::to_string).collect();
    Ok((loaded, warnings))
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
