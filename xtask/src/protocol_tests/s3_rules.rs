//! The real S3 model's endpoint rules, lent to the restXml suite's S3 service.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The S3 service of the restXml suite has no endpoint rules, yet its addressing cases
/// (virtual host, dual-stack, accelerate) are about what the rules decide. When the real S3
/// model is at hand (`../models/s3.json` beside the suites, or in ../shared/models), its rule
/// set, client context parameters, static context parameters and `@contextParam`s are added to
/// the suite's S3 shapes of the same ids, in a copy written to the work folder.
pub(super) fn with_s3_rules(model: &Path, work: &Path, crate_name: &str) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let mut json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", model.display()))?;
    let candidates = [
        model.parent().map(|p| p.join("../models/s3.json")),
        Some(crate::repo_root().join("../shared/models/s3.json")),
    ];
    let Some(real) = candidates.into_iter().flatten().find(|p| p.exists()) else { return Ok(model.to_path_buf()) };
    let service = "com.amazonaws.s3#AmazonS3";
    let has_rules = |v: &Value| v.pointer(&format!("/shapes/{service}/traits/smithy.rules#endpointRuleSet")).is_some();
    if json.pointer(&format!("/shapes/{service}")).is_none() || has_rules(&json) {
        return Ok(model.to_path_buf());
    }
    let real_text = std::fs::read_to_string(&real).map_err(|e| format!("cannot read {}: {e}", real.display()))?;
    let real: Value = serde_json::from_str(&real_text).map_err(|e| format!("{}: not JSON: {e}", real.display()))?;
    let (Some(real_shapes), Some(shapes)) = (real.get("shapes").and_then(Value::as_object), json.get_mut("shapes").and_then(Value::as_object_mut)) else {
        return Ok(model.to_path_buf());
    };
    for (id, shape) in shapes.iter_mut() {
        let Some(source) = real_shapes.get(id) else { continue };
        for key in ["smithy.rules#endpointRuleSet", "smithy.rules#endpointBdd", "smithy.rules#clientContextParams", "smithy.rules#staticContextParams", "smithy.rules#operationContextParams"] {
            if let Some(value) = source.pointer(&format!("/traits/{key}")) {
                if let Some(traits) = shape.as_object_mut().map(|o| o.entry("traits").or_insert_with(|| Value::Object(Default::default()))) {
                    traits[key] = value.clone();
                }
            }
        }
        let members: Vec<String> = shape.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
        for member in members {
            let Some(param) = source.pointer(&format!("/members/{member}/traits/smithy.rules#contextParam")) else { continue };
            if let Some(m) = shape.pointer_mut(&format!("/members/{member}")).and_then(Value::as_object_mut) {
                let traits = m.entry("traits").or_insert_with(|| Value::Object(Default::default()));
                traits["smithy.rules#contextParam"] = param.clone();
            }
        }
    }
    std::fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let merged = work.join(format!("{crate_name}.model.json"));
    std::fs::write(&merged, json.to_string()).map_err(|e| format!("cannot write {}: {e}", merged.display()))?;
    Ok(merged)
}
