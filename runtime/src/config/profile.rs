//! The small part of the AWS shared config and credentials file format that
//! [`Builder::from_env`](super::Builder::from_env) needs: named sections of `key = value` lines.

use std::collections::HashMap;
use std::path::PathBuf;

/// The merged properties of one profile.
#[derive(Debug, Default)]
pub(crate) struct Profile {
    properties: HashMap<String, String>,
}

impl Profile {
    /// Reads profile `name` from the config file text (`[default]`, `[profile NAME]`) and the
    /// credentials file text (`[NAME]`); properties in the credentials file win.
    pub(crate) fn load(name: &str, config: Option<&str>, credentials: Option<&str>) -> Self {
        let mut properties = HashMap::new();
        if let Some(text) = config {
            // `[default]` and `[profile default]` both name the default profile in the config
            // file; when both are present the prefixed form wins, so it is applied last.
            let bare = if name == "default" {
                Some("default")
            } else {
                None
            };
            for (section, key, value) in parse(text) {
                if bare.is_some_and(|b| section == b) {
                    properties.insert(key, value);
                }
            }
            for (section, key, value) in parse(text) {
                if section
                    .strip_prefix("profile")
                    .filter(|rest| rest.starts_with(char::is_whitespace))
                    .is_some_and(|rest| rest.trim() == name)
                {
                    properties.insert(key, value);
                }
            }
        }
        if let Some(text) = credentials {
            for (section, key, value) in parse(text) {
                if section == name {
                    properties.insert(key, value);
                }
            }
        }
        Profile { properties }
    }

    /// A property (names are case-insensitive); empty values count as unset.
    pub(crate) fn get(&self, key: &str) -> Option<String> {
        self.properties
            .get(&key.to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .cloned()
    }
}

/// A sub-property of a service in a `[services NAME]` section of the config file:
///
/// ```text
/// [services local]
/// dynamodb =
///   endpoint_url = http://localhost:8000
/// ```
///
/// `service` is the service's key (its SDK id in lowercase, spaces as underscores); names are
/// case-insensitive, and the last value wins.
pub(crate) fn services_property(config: &str, services: &str, service: &str, property: &str) -> Option<String> {
    let mut in_section = false;
    let mut current: Option<String> = None;
    let mut found = None;
    for raw in config.lines() {
        let line = raw.trim_end();
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') || content.starts_with(';') {
            continue;
        }
        if content.starts_with('[') {
            in_section = section_name(content).and_then(|s| s.strip_prefix("services").map(|r| r.trim().to_owned())).is_some_and(|n| n == services);
            current = None;
            continue;
        }
        let Some((key, value)) = content.split_once('=') else { continue };
        let key = key.trim().to_ascii_lowercase();
        if !in_section {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            if current.as_deref() == Some(service) && key == property.to_ascii_lowercase() {
                let value = strip_comment(value).trim();
                found = (!value.is_empty()).then(|| value.to_owned());
            }
        } else {
            current = Some(key);
        }
    }
    found
}

/// Every `(section, key, value)` of a file, in order. Lines before the first section, lines in
/// malformed sections, indented lines (sub-properties and continuations), comments and lines
/// without `=` are skipped.
fn parse(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut section: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') || content.starts_with(';') {
            continue;
        }
        if content.starts_with('[') {
            section = section_name(content);
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let (Some(current), Some((key, value))) = (section.as_ref(), content.split_once('='))
        else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            continue;
        }
        out.push((current.clone(), key, strip_comment(value).trim().to_owned()));
    }
    out
}

/// `[ name ]` with an optional comment after the bracket; `None` when malformed.
fn section_name(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?;
    let (name, rest) = inner.split_once(']')?;
    let rest = rest.trim();
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
        return None;
    }
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    Some(name.to_owned())
}

/// Drops a `#` or `;` comment that follows whitespace in a value.
fn strip_comment(value: &str) -> &str {
    let mut previous_is_space = false;
    for (index, c) in value.char_indices() {
        if (c == '#' || c == ';') && previous_is_space {
            return &value[..index];
        }
        previous_is_space = c.is_whitespace();
    }
    value
}

/// Expands a leading `~` to the home directory.
pub(crate) fn expand_home(path: &str, home: Option<&str>) -> PathBuf {
    match (home, path.strip_prefix('~')) {
        (Some(home), Some("")) => PathBuf::from(home),
        (Some(home), Some(rest)) if rest.starts_with('/') || rest.starts_with('\\') => {
            PathBuf::from(home).join(&rest[1..])
        }
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# leading comment
region = ignored-outside-sections
[default]
region = us-east-1
[profile default]
output = json
region = us-west-2 # the default
[profile dev]   ; comment
region=eu-central-1
s3 =
  max_concurrent_requests = 20
aws_access_key_id = FROMCONFIG
aws_secret_access_key = config/secret+key
[sso-session dev]
region = ap-south-1
[dev]
region = wrong-section
[broken
region = also-ignored
";

    const CREDENTIALS: &str = "\
[dev]
aws_access_key_id = FROMCREDENTIALS
aws_secret_access_key = cred/secret+key;not-a-comment
aws_session_token = token
[default]
aws_access_key_id = DEFAULTKEY
";

    #[test]
    fn prefixed_default_wins_and_inline_comments_are_dropped() {
        let p = Profile::load("default", Some(CONFIG), Some(CREDENTIALS));
        assert_eq!(p.get("region").as_deref(), Some("us-west-2"));
        assert_eq!(p.get("output").as_deref(), Some("json"));
        assert_eq!(p.get("aws_access_key_id").as_deref(), Some("DEFAULTKEY"));
        assert_eq!(p.get("aws_secret_access_key"), None);
    }

    #[test]
    fn credentials_file_wins_for_named_profile() {
        let p = Profile::load("dev", Some(CONFIG), Some(CREDENTIALS));
        assert_eq!(p.get("region").as_deref(), Some("eu-central-1"));
        assert_eq!(
            p.get("AWS_ACCESS_KEY_ID").as_deref(),
            Some("FROMCREDENTIALS")
        );
        assert_eq!(
            p.get("aws_secret_access_key").as_deref(),
            Some("cred/secret+key;not-a-comment")
        );
        assert_eq!(p.get("aws_session_token").as_deref(), Some("token"));
        assert_eq!(p.get("max_concurrent_requests"), None);
        assert_eq!(p.get("s3"), None);
    }

    #[test]
    fn unknown_profile_and_missing_files_are_empty() {
        let p = Profile::load("nope", Some(CONFIG), Some(CREDENTIALS));
        assert_eq!(p.get("region"), None);
        let p = Profile::load("default", None, None);
        assert_eq!(p.get("region"), None);
        let p = Profile::load("broken", Some(CONFIG), None);
        assert_eq!(p.get("region"), None);
    }

    #[test]
    fn home_expansion() {
        assert_eq!(expand_home("~/x/y", Some("/h")), PathBuf::from("/h/x/y"));
        assert_eq!(expand_home("~", Some("/h")), PathBuf::from("/h"));
        assert_eq!(expand_home("~user/x", Some("/h")), PathBuf::from("~user/x"));
        assert_eq!(expand_home("~/x", None), PathBuf::from("~/x"));
        assert_eq!(expand_home("/abs", Some("/h")), PathBuf::from("/abs"));
    }
}
