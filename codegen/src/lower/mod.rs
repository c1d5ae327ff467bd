//! Lowering: the resolved Smithy model in, the IR out. This is the only code that reads the model.

mod auth;
mod boxing;
mod directions;
mod discovery;
mod endpoints;
mod event_stream;
mod examples;
pub mod closure;
pub(crate) mod jmespath;
pub(crate) mod jmespath_eval;
mod members;
mod nesting;
mod operations;
mod protocol_tests;
mod shapes;
pub(crate) mod suggest;
mod waiter_paths;
mod waiter_code;
mod waiters;
mod wire;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ast::{shape_name, Model, Shape};
use crate::diagnostics::Diagnostic;
use crate::ir::{ClientProtocol, Crate, Enum, ErrorVariant, Module, Operation, ServiceInfo, StdNames, Structure, Union};
use crate::{docs, naming, Settings};

/// Everything lowering needs to know about the model, computed once.
pub struct Ctx<'a> {
    shapes: &'a BTreeMap<String, Shape>,
    service: &'a Shape,
    boxed: BTreeSet<String>,
    /// Rust type names of generated structs, unions and enums, by shape id.
    type_names: BTreeMap<String, String>,
    /// The operations to generate, when the settings restrict them.
    operations: Option<Vec<String>>,
    /// The protocol the client speaks, when it is one the generator supports.
    protocol: Option<ClientProtocol>,
    /// The per-service rules of the AWS SDKs for this service.
    rules: crate::services::ServiceRules,
    /// The structures that are events of an event stream (the targets of a `@streaming`
    /// union's non-error members): their members are bound to event headers and payloads.
    event_structs: BTreeSet<String>,
}

/// Lowers a resolved model into the IR, reporting every problem found.
pub fn lower(model: &Model, settings: &Settings) -> Result<Crate, Vec<Diagnostic>> {
    let shapes = &model.shapes;
    let (service_id, service) = closure::select_service(shapes, settings.service.as_deref()).map_err(|d| vec![d])?;
    let reachable = closure::service_closure(shapes, service_id)?;
    let too_deep = nesting::check(shapes, &reachable);
    if !too_deep.is_empty() {
        return Err(too_deep);
    }
    let type_names = type_names(shapes, service, &reachable)?;
    let boxed = boxing::boxed_members(shapes, &reachable);
    let protocol = client_protocol(service);
    let signing_name = service.traits.get("aws.auth#sigv4").and_then(|s| s.get("name")).and_then(Value::as_str);
    let rules = crate::services::for_service(service_id, signing_name);
    let event_structs = event_stream::event_structures(shapes, &reachable);
    let operations = settings.operations.clone();
    let ctx = Ctx { shapes, service, boxed, type_names, operations, protocol, rules, event_structs };
    ctx.lower_crate(service_id, settings)
}

/// Rust names of every named type in the closure, with a diagnostic for each clash.
fn type_names(
    shapes: &BTreeMap<String, Shape>,
    service: &Shape,
    reachable: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let mut names = BTreeMap::new();
    let mut owners: BTreeMap<(bool, String), String> = BTreeMap::new();
    let mut problems = Vec::new();
    for id in reachable {
        let Some(shape) = shapes.get(id) else { continue };
        let named = matches!(shape.kind.as_str(), "structure" | "union" | "enum")
            || (shape.kind == "string" && shape.traits.contains_key(members::ENUM_TRAIT));
        if !named || id.starts_with("smithy.api#") {
            continue;
        }
        let local = service.rename.get(id).map_or_else(|| shape_name(id), String::as_str);
        let rust = naming::type_name(local);
        let is_error = shape.traits.contains_key(members::ERROR);
        if let Some(other) = owners.insert((is_error, rust.clone()), id.clone()) {
            let msg = format!("`{other}` and `{id}` both map to the Rust type `{rust}`; add a `rename` to the service");
            problems.push(Diagnostic::shape(id, msg));
        }
        names.insert(id.clone(), rust);
    }
    if problems.is_empty() {
        Ok(names)
    } else {
        Err(problems)
    }
}

impl Ctx<'_> {
    fn lower_crate(&self, service_id: &str, settings: &Settings) -> Result<Crate, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut structures = Vec::new();
        let (ops, seeds) = self.lower_operations(service_id, &mut structures, &mut warnings, &mut problems);
        let (data_ids, error_ids) = self.data_closure(seeds, &ops);
        let mut enums = Vec::new();
        let mut unions = Vec::new();
        for id in data_ids.iter().chain(&error_ids) {
            let Some(shape) = self.shapes.get(id) else { continue };
            let result = match shape.kind.as_str() {
                "union" => self.lower_union(id, shape).map(|u| unions.push(u)),
                "enum" | "string" => self.lower_enum(id, shape).map(|e| enums.push(e)),
                _ => self.lower_data_structure(id, shape).map(|s| structures.push(s)),
            };
            problems.extend(result.err().into_iter().flatten());
        }
        problems.extend(event_stream::error_enum_collisions(&unions, &structures));
        if !problems.is_empty() {
            problems.sort();
            problems.dedup();
            return Err(problems);
        }
        let errors = crate_errors(&ops);
        let mut operations = ops;
        self.sort_structures(&mut structures, &mut operations);
        let mut service = self.service_info(service_id);
        service.endpoint_rules = endpoints::rule_set(service_id, &self.service.traits).map_err(|d| vec![d])?;
        if self.rules.lowering.endpoint_discovery {
            match self.endpoint_discovery(&operations) {
                Ok(discovery) => service.endpoint_discovery = Some(discovery),
                Err(why) => warnings.push(format!("{service_id}: endpoint discovery left out: {why}")),
            }
        }
        service.context_params.extend(endpoints::built_in_settings(service.endpoint_rules.as_ref(), &service.context_params));
        service.context_params.sort_by(|a, b| a.name.cmp(&b.name));
        if service.client_protocol.is_none() {
            // Paginators and waiters call `send()`, which this protocol does not get.
            for op in &mut operations {
                op.paginator = None;
                op.waiters.clear();
            }
            let protocol = service.protocol.as_deref().unwrap_or("none");
            warnings.push(format!(
                "the service protocol `{protocol}` is not supported yet: types, builders, errors and client methods are generated, but requests cannot be sent (`send()` is absent)"
            ));
        }
        service.identities = auth::identities(&operations);
        let std = std_names(&structures, &enums, &unions, &operations);
        let mut krate = Crate {
            package_name: settings.crate_name.clone(),
            lib_name: settings.crate_name.replace('-', "_"),
            service,
            operations,
            structures,
            enums,
            unions,
            errors,
            warnings,
            protocol_tests: Vec::new(),
            endpoint_tests: Vec::new(),
            std,
        };
        directions::mark_wire_directions(&mut krate);
        let unsupported_auth = self.auth_warnings(&krate.operations);
        krate.warnings.extend(unsupported_auth);
        let unbound = self.bind_endpoint_params(&mut krate);
        krate.warnings.extend(unbound);
        let untyped = waiter_code::type_acceptors(&mut krate);
        krate.warnings.extend(untyped);
        if krate.service.client_protocol.is_some() {
            let left_out = examples::lower_examples(&mut krate, self.shapes);
            krate.warnings.extend(left_out);
        }
        if settings.endpoint_tests {
            krate.endpoint_tests = self.endpoint_tests(&krate, &settings.skipped_tests);
        }
        if settings.protocol_tests {
            krate.protocol_tests = self.protocol_tests(&krate, &settings.skipped_tests);
        }
        Ok(krate)
    }

    fn lower_data_structure(&self, id: &str, shape: &Shape) -> Result<Structure, Vec<Diagnostic>> {
        let path = self.type_path(id);
        let role = if path.module == Module::TypesError { shapes::Role::Error } else { shapes::Role::Data };
        self.lower_structure(id, shape, path, role, Some(&shape.traits))
    }

    /// The non-synthetic shapes to generate: everything reachable from the fields of inputs and
    /// outputs (`seeds`) and of errors (data shapes), and every error (error shapes).
    fn data_closure(&self, seeds: Vec<String>, ops: &[crate::ir::Operation]) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut errors: BTreeSet<String> = BTreeSet::new();
        for op in ops {
            errors.extend(op.errors.iter().map(|e| e.shape_id.clone()));
        }
        let mut queue = seeds;
        for e in &errors {
            if let Some(shape) = self.shapes.get(e) {
                queue.extend(shape.members.values().map(|m| m.target.clone()));
            }
        }
        let mut data = BTreeSet::new();
        let mut seen = BTreeSet::new();
        while let Some(id) = queue.pop() {
            let Some(shape) = self.shapes.get(&id) else { continue };
            if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
                continue;
            }
            queue.extend(shape.references().into_iter().map(str::to_owned));
            if !self.type_names.contains_key(&id) {
                continue;
            }
            if shape.traits.contains_key(members::ERROR) {
                errors.insert(id);
            } else {
                data.insert(id);
            }
        }
        (data, errors)
    }

    fn sort_structures(&self, structures: &mut Vec<Structure>, ops: &mut [crate::ir::Operation]) {
        let ids: Vec<String> = structures.iter().map(|s| s.shape_id.clone()).collect();
        let mut order: Vec<usize> = (0..structures.len()).collect();
        order.sort_by(|a, b| (&structures[*a].path, &ids[*a]).cmp(&(&structures[*b].path, &ids[*b])));
        let mut new_index = vec![0; structures.len()];
        for (new, old) in order.iter().enumerate() {
            new_index[*old] = new;
        }
        for op in ops.iter_mut() {
            op.input = new_index[op.input];
            op.output = new_index[op.output];
        }
        let mut taken: Vec<Option<Structure>> = std::mem::take(structures).into_iter().map(Some).collect();
        *structures = order.iter().filter_map(|i| taken[*i].take()).collect();
    }

    fn service_info(&self, service_id: &str) -> ServiceInfo {
        let traits = &self.service.traits;
        let aws = traits.get("aws.api#service");
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let display_name = text(aws.and_then(|a| a.get("sdkId")))
            .or_else(|| text(traits.get("smithy.api#title")))
            .unwrap_or_else(|| shape_name(service_id).to_owned());
        let endpoint_prefix = text(aws.and_then(|a| a.get("endpointPrefix")))
            .unwrap_or_else(|| shape_name(service_id).to_lowercase());
        let protocol = traits
            .keys()
            .find(|k| PROTOCOLS.contains(&k.as_str()))
            .map(|k| shape_name(k).to_owned());
        ServiceInfo {
            shape_id: service_id.to_owned(),
            display_name,
            version: self.service.version.clone().unwrap_or_default(),
            docs: text(traits.get(members::DOCUMENTATION)).map(|d| docs::markdown_doc_lines(&d)).unwrap_or_default(),
            signing_name: text(traits.get("aws.auth#sigv4").and_then(|s| s.get("name"))).unwrap_or_else(|| endpoint_prefix.clone()),
            endpoint_prefix,
            target_prefix: shape_name(service_id).to_owned(),
            client_protocol: self.protocol,
            protocol,
            query_compatible: traits.contains_key("aws.protocols#awsQueryCompatible"),
            runtime_rules: self.rules.runtime.clone(),
            extended_request_id: self.rules.lowering.extended_request_id,
            xml_namespace: wire::xml_namespace(traits),
            context_params: context_params(traits),
            aws: aws.is_some() || traits.contains_key("aws.auth#sigv4"),
            identities: Default::default(),
            endpoint_rules: None,
            endpoint_discovery: None,
            auth_token: self.rules.lowering.auth_token,
            bearer_token_env: self.rules.lowering.bearer_token_env.map(str::to_owned),
        }
    }
}

const PROTOCOLS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restJson1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
];

/// The protocol of a service, when the generator speaks it: the first of the service's protocol
/// traits (in the order of `PROTOCOLS`) that it supports.
fn client_protocol(service: &Shape) -> Option<ClientProtocol> {
    PROTOCOLS.iter().filter(|p| service.traits.contains_key(**p)).find_map(|p| client_protocol_of(p))
}

/// The client protocol of a protocol trait id, when the generator speaks it.
fn client_protocol_of(trait_id: &str) -> Option<ClientProtocol> {
    match trait_id {
        "aws.protocols#awsJson1_0" => Some(ClientProtocol::AwsJson1_0),
        "aws.protocols#awsJson1_1" => Some(ClientProtocol::AwsJson1_1),
        "aws.protocols#restJson1" => Some(ClientProtocol::RestJson1),
        "aws.protocols#restXml" => Some(ClientProtocol::RestXml),
        "aws.protocols#awsQuery" => Some(ClientProtocol::AwsQuery),
        "aws.protocols#ec2Query" => Some(ClientProtocol::Ec2Query),
        "smithy.protocols#rpcv2Cbor" => Some(ClientProtocol::RpcV2Cbor),
        "smithy.protocols#rpcv2Json" => Some(ClientProtocol::RpcV2Json),
        _ => None,
    }
}

/// `smithy.rules#clientContextParams`, sorted by name; parameters of other types are left out.
fn context_params(traits: &crate::ast::Traits) -> Vec<crate::ir::ContextParam> {
    let Some(Value::Object(params)) = traits.get("smithy.rules#clientContextParams") else { return Vec::new() };
    let sorted: BTreeMap<&String, &Value> = params.iter().collect();
    sorted
        .into_iter()
        .filter_map(|(name, def)| {
            let boolean = match def.get("type").and_then(Value::as_str)? {
                "boolean" => true,
                "string" => false,
                _ => return None,
            };
            let docs = def.get("documentation").and_then(Value::as_str).map(docs::html_doc_lines).unwrap_or_default();
            let setter = naming::field_name(name).0;
            Some(crate::ir::ContextParam { name: name.clone(), setter, boolean, docs })
        })
        .collect()
}

/// `crate::Error` variants: every error of every operation once, in ASCII order of shape name.
fn crate_errors(ops: &[crate::ir::Operation]) -> Vec<ErrorVariant> {
    let mut by_name: BTreeMap<(String, String), ErrorVariant> = BTreeMap::new();
    for e in ops.iter().flat_map(|op| &op.errors) {
        by_name.entry((e.shape_name.clone(), e.path.name.clone())).or_insert_with(|| e.clone());
    }
    by_name.into_values().collect()
}

/// The names the generated code takes from the std prelude.
const PRELUDE_NAMES: [&str; 7] = ["Option", "Some", "None", "String", "Vec", "Box", "Into"];

/// Short prelude names are usable unless a generated type takes one of them.
fn std_names(structures: &[Structure], enums: &[Enum], unions: &[Union], operations: &[Operation]) -> StdNames {
    let mut defined = structures.iter().map(|s| s.path.name.as_str())
        .chain(enums.iter().map(|e| e.name.as_str()))
        .chain(unions.iter().map(|u| u.name.as_str()))
        .chain(operations.iter().map(|o| o.type_name.as_str()));
    StdNames { prelude: !defined.any(|name| PRELUDE_NAMES.contains(&name)) }
}
