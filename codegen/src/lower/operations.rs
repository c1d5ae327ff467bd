//! Lowering of operations: synthetic inputs and outputs, error lists, auth and pagination.

use std::collections::BTreeMap;

use serde_json::Value;

use super::endpoints;
use super::members::deprecation;
use super::shapes::Role;
use super::{closure, Ctx};
use crate::ast::{shape_name, split_shape_id, Shape, ShapeRef};
use crate::diagnostics::Diagnostic;
use crate::ir::{Binding, ErrorVariant, HttpTrait, Module, Operation, Paginator, PathStep, Structure, TypePath};
use crate::naming;

const PAGINATED: &str = "smithy.api#paginated";
const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";

impl Ctx<'_> {
    /// Lowers every operation of the service. Synthetic inputs and outputs are pushed onto
    /// `structures`; the returned seeds are the targets of their members.
    pub fn lower_operations(
        &self,
        service_id: &str,
        structures: &mut Vec<Structure>,
        warnings: &mut Vec<String>,
        problems: &mut Vec<Diagnostic>,
    ) -> (Vec<Operation>, Vec<String>) {
        let mut ops = Vec::new();
        let mut seeds = Vec::new();
        problems.extend(closure::check_errors(self.shapes, service_id, &self.service.errors));
        let all = closure::service_operations(self.shapes, self.service);
        let selected = match self.selected_operations(&all) {
            Ok(ids) => ids,
            Err(mut d) => {
                problems.append(&mut d);
                return (Vec::new(), Vec::new());
            }
        };
        for id in selected {
            let Some(shape) = self.shapes.get(&id) else { continue };
            match self.lower_operation(&id, shape, structures, &mut seeds) {
                Ok(mut op) => {
                    op.waiters = self.waiters_of(&id, shape, structures[op.input].streaming, warnings);
                    ops.push(op);
                }
                Err(mut d) => problems.append(&mut d),
            }
        }
        problems.extend(module_collisions(&ops));
        unique_waiters(&mut ops, warnings);
        ops.sort_by(|a, b| a.module.cmp(&b.module));
        (ops, seeds)
    }

    /// Whether `presigned()` is offered: SigV4 over an HTTP-binding protocol, no event stream,
    /// and an input with nothing for the body (unless the service's rules presign everything).
    fn presignable(&self, schemes: &[crate::ir::AuthScheme], input: &Structure, event_stream: bool) -> bool {
        use crate::ir::ClientProtocol::{RestJson1, RestXml};
        let rest = matches!(self.protocol, Some(RestJson1 | RestXml));
        let sigv4 = schemes.contains(&crate::ir::AuthScheme::SigV4);
        let bodiless = input.members.iter().all(|m| !matches!(m.binding, Binding::Body | Binding::Payload));
        rest && sigv4 && !event_stream && (bodiless || self.rules.lowering.presign_any_operation)
    }

    /// The GET the service's rules presign the operation as, with its input in the query: for
    /// a SigV4 operation with `@http` whose every member is a scalar, an enum or a list of them
    /// (what a query string holds), each member rebound to the query under its member name.
    fn presign_as_get(&self, id: &str, schemes: &[crate::ir::AuthScheme], http: Option<&crate::ir::HttpTrait>, input: &Structure) -> Option<crate::ir::PresignAsGet> {
        use crate::ir::RustType as T;
        let scalar = |ty: &T| {
            !matches!(ty, T::Struct(_) | T::Union(_) | T::Map { .. } | T::List { .. } | T::Blob | T::Document | T::ByteStream | T::EventReceiver(_) | T::EventSender(_))
        };
        let in_query = |ty: &T| match ty {
            T::List { element, sparse: false, .. } => scalar(element),
            other => scalar(other),
        };
        let applies = self.rules.lowering.presign_as_get.contains(&id)
            && schemes.contains(&crate::ir::AuthScheme::SigV4)
            && input.members.iter().all(|m| in_query(&m.ty));
        let http = http.filter(|_| applies)?;
        let members = input
            .members
            .iter()
            .map(|m| crate::ir::Member { binding: Binding::Query(m.name.clone()), ..m.clone() })
            .collect();
        Some(crate::ir::PresignAsGet { http: crate::ir::HttpTrait { method: "GET".to_owned(), uri: http.uri.clone() }, members })
    }

    /// The operations to generate: all, or the ones the settings name (each must exist).
    fn selected_operations(&self, all: &[String]) -> Result<Vec<String>, Vec<Diagnostic>> {
        let Some(wanted) = &self.operations else { return Ok(all.to_vec()) };
        let names: Vec<&str> = all.iter().map(|id| shape_name(id)).collect();
        let mut problems = Vec::new();
        for w in wanted {
            if !names.contains(&w.as_str()) {
                let close = super::suggest::closest(w, &names, 3);
                let msg = format!("unknown operation `{w}` in the operation list; closest: {}", close.join(", "));
                problems.push(Diagnostic::model(msg));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(all.iter().filter(|id| wanted.iter().any(|w| w == shape_name(id))).cloned().collect())
    }

    fn lower_operation(
        &self,
        id: &str,
        shape: &Shape,
        structures: &mut Vec<Structure>,
        seeds: &mut Vec<String>,
    ) -> Result<Operation, Vec<Diagnostic>> {
        let name = shape_name(id);
        let module = naming::module_name(name);
        let mut input = self.synthetic(id, &shape.input, "Input", Role::Input, &module, seeds)?;
        let mut output = self.synthetic(id, &shape.output, "Output", Role::Output, &module, seeds)?;
        output.unwrapped_xml = shape.traits.contains_key("aws.customizations#s3UnwrappedXmlOutput");
        if self.protocol == Some(crate::ir::ClientProtocol::AwsQuery) {
            output.result_element = Some(format!("{name}Result"));
        }
        input.unit = is_unit(shape.input.as_ref());
        let overriding = self.rules.lowering.endpoint_from_member.iter().find(|(op, _)| *op == id).map(|(_, member)| *member);
        input.endpoint_override = overriding.and_then(|name| input.members.iter().find(|m| m.name == name)).map(|m| m.field.clone());
        output.unit = is_unit(shape.output.as_ref());
        let paginator = self.paginator(name, shape, &input);
        let http = self.http_trait(id, shape)?;
        if let Some(http) = &http {
            mark_greedy_labels(&mut input, &http.uri);
        }
        let input_unit = input.unit;
        let event_stream_input = input.members.iter().any(|m| m.binding == Binding::EventStream);
        let event_stream_output = output.members.iter().any(|m| m.binding == Binding::EventStream);
        let streaming_output = event_stream_output || output.members.iter().any(|m| m.ty == crate::ir::RustType::ByteStream);
        let requires_length = self.requires_length(shape);
        let auth_schemes = self.auth_schemes_of(shape).0;
        let presign_as_get = self.presign_as_get(id, &auth_schemes, http.as_ref(), &input);
        let presignable = presign_as_get.is_some() || self.presignable(&auth_schemes, &input, event_stream_input || event_stream_output);
        structures.push(input);
        let input_index = structures.len() - 1;
        structures.push(output);
        Ok(Operation {
            shape_id: id.to_owned(),
            name: name.to_owned(),
            type_name: naming::operation_type_name(name),
            module,
            input: input_index,
            output: input_index + 1,
            errors: self.operation_errors(shape),
            docs: self.docs_of(&shape.traits, None),
            deprecated: deprecation(&shape.traits),
            auth: self.auth_of(shape),
            auth_schemes,
            paginator,
            sensitive_output: false,
            sensitive_errors: false,
            sensitive_headers: Vec::new(),
            http,
            host_prefix: shape.traits.get("smithy.api#endpoint").and_then(|e| e.get("hostPrefix")).and_then(Value::as_str).map(str::to_owned),
            streaming_output,
            event_stream_input,
            event_stream_output,
            http2: (event_stream_input || event_stream_output) && self.event_stream_h2(),
            presignable,
            presign_as_get,
            examples: Vec::new(),
            requires_length,
            request_compression: shape
                .traits
                .get("smithy.api#requestCompression")
                .and_then(|c| c.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("gzip")))),
            unit_input: input_unit,
            static_params: endpoints::static_params(&shape.traits),
            waiters: Vec::new(),
            checksum_required: shape.traits.contains_key("smithy.api#httpChecksumRequired")
                || shape.traits.get("aws.protocols#httpChecksum").and_then(|c| c.get("requestChecksumRequired")).and_then(Value::as_bool) == Some(true),
        })
    }

    /// The code an error is known by in responses: its `@awsQueryError` code on the query
    /// protocols, else its shape name.
    pub fn error_wire_code(&self, id: &str, error: &Shape) -> String {
        let custom = error.traits.get("aws.protocols#awsQueryError").and_then(|t| t.get("code")).and_then(Value::as_str);
        match custom {
            Some(code) if self.protocol.is_some_and(crate::ir::ClientProtocol::is_query) => code.to_owned(),
            _ => shape_name(id).to_owned(),
        }
    }

    /// `@http` for HTTP-binding protocols; an operation without it cannot be sent.
    fn http_trait(&self, id: &str, shape: &Shape) -> Result<Option<HttpTrait>, Vec<Diagnostic>> {
        if !self.protocol.is_some_and(crate::ir::ClientProtocol::has_http_bindings) {
            return Ok(None);
        }
        let http = shape.traits.get("smithy.api#http");
        let text = |k: &str| http.and_then(|h| h.get(k)).and_then(Value::as_str).map(str::to_owned);
        match (text("method"), text("uri")) {
            (Some(method), Some(uri)) if uri.starts_with('/') => Ok(Some(HttpTrait { method, uri })),
            _ => Err(vec![Diagnostic::shape(id, "the service's protocol binds operations to HTTP, but this operation has no valid `@http` trait (method and a URI starting with `/`)".to_owned())]),
        }
    }

    /// Whether the input's streaming payload targets a `@requiresLength` blob.
    fn requires_length(&self, op: &Shape) -> bool {
        let Some(input) = op.input.as_ref().and_then(|r| self.shapes.get(&r.target)) else { return false };
        input.members.values().any(|m| {
            self.is_streaming_blob(m) && self.shapes.get(&m.target).is_some_and(|t| t.traits.contains_key("smithy.api#requiresLength"))
        })
    }

    /// The `<Op>Input`/`<Op>Output` copy of the modelled structure (or an empty one).
    fn synthetic(
        &self,
        op_id: &str,
        source: &Option<ShapeRef>,
        suffix: &str,
        role: Role,
        module: &str,
        seeds: &mut Vec<String>,
    ) -> Result<Structure, Vec<Diagnostic>> {
        let (ns, name) = split_shape_id(op_id).unwrap_or(("synthetic", op_id));
        let synthetic_id = format!("{ns}.synthetic#{name}{suffix}");
        let path = TypePath { module: Module::Operation(module.to_owned()), name: naming::type_name(&format!("{name}{suffix}")) };
        let source = source.as_ref().filter(|r| r.target != "smithy.api#Unit");
        let empty = Shape::empty("structure");
        let (source_id, shape) = match source.and_then(|r| self.shapes.get(&r.target).map(|s| (r.target.as_str(), s))) {
            Some(found) => found,
            None => (synthetic_id.as_str(), &empty),
        };
        seeds.extend(shape.members.values().map(|m| m.target.clone()));
        let traits = (source_id != synthetic_id).then_some(&shape.traits);
        let mut s = self.lower_structure(source_id, shape, path, role, traits)?;
        s.shape_id = synthetic_id;
        Ok(s)
    }

    fn operation_errors(&self, shape: &Shape) -> Vec<ErrorVariant> {
        let mut seen = Vec::new();
        let mut variants = Vec::new();
        for r in shape.errors.iter().chain(&self.service.errors) {
            if seen.contains(&r.target) {
                continue;
            }
            seen.push(r.target.clone());
            variants.extend(self.error_variant(&r.target));
        }
        variants
    }

    /// An error shape as a variant of an error enum.
    pub fn error_variant(&self, target: &str) -> Option<ErrorVariant> {
        let error = self.shapes.get(target)?;
        let path = self.type_path(target);
        Some(ErrorVariant {
            shape_id: target.to_owned(),
            method: naming::method_suffix(&path.name),
            path,
            shape_name: shape_name(target).to_owned(),
            docs: self.docs_of(&error.traits, None),
            deprecated: deprecation(&error.traits),
            retryable: error.traits.contains_key("smithy.api#retryable"),
            code: self.error_wire_code(target, error),
        })
    }


    /// `@paginated` merged with the service's defaults; `None` when the op has no paginator.
    fn paginator(&self, op_name: &str, op: &Shape, input: &Structure) -> Option<Paginator> {
        let own = op.traits.get(PAGINATED)?;
        let defaults = self.service.traits.get(PAGINATED);
        let get = |k: &str| own.get(k).or_else(|| defaults.and_then(|d| d.get(k))).and_then(Value::as_str);
        if input.members.iter().any(|m| self.member_has(op, &m.name, IDEMPOTENCY_TOKEN)) {
            return None;
        }
        let output = self.shapes.get(&op.output.as_ref()?.target)?;
        let token_member = input.members.iter().find(|m| Some(m.name.as_str()) == get("inputToken"))?;
        if !matches!(token_member.ty, crate::ir::RustType::String | crate::ir::RustType::Map { .. }) {
            return None;
        }
        let (input_token, token_type) = (token_member.field.clone(), token_member.ty.clone());
        let output_token = self.member_path(output, get("outputToken")?)?.0;
        let page_size = get("pageSize").and_then(|p| {
            let m = input.members.iter().find(|m| m.name == p)?;
            Some((m.field.clone(), m.ty.clone()))
        });
        let items = get("items").and_then(|p| {
            let (fields, target) = self.member_path(output, p)?;
            let collection = self.rust_type(&target);
            matches!(collection, crate::ir::RustType::List { .. } | crate::ir::RustType::Map { .. }).then_some((fields, collection))
        });
        let more_pages = self.rules.lowering.more_pages.iter().find(|(id, _)| shape_name(id) == op_name);
        let more_pages = more_pages.and_then(|(_, member)| self.member_path(output, member)).map(|(path, _)| path);
        let type_name = format!("{}Paginator", naming::to_pascal_case(op_name));
        Some(Paginator { type_name, input_token, token_type, output_token, page_size, items, more_pages })
    }

    fn member_has(&self, op: &Shape, member: &str, trait_id: &str) -> bool {
        let input = op.input.as_ref().and_then(|r| self.shapes.get(&r.target));
        input.and_then(|s| s.members.get(member)).is_some_and(|m| m.traits.contains_key(trait_id))
    }

    /// Resolves a dotted member path (`a.b`) through an output to fields and the final target id.
    fn member_path(&self, start: &Shape, path: &str) -> Option<(Vec<PathStep>, String)> {
        let mut shape = start;
        let mut steps = Vec::new();
        let mut target = String::new();
        for part in path.split('.') {
            let member = shape.members.get(part)?;
            target = member.target.clone();
            let next = self.shapes.get(&target)?;
            steps.push(PathStep { field: naming::field_name(part).0, optional: self.is_optional(member, super::shapes::Role::Output) });
            shape = next;
        }
        Some((steps, target))
    }
}

fn module_collisions(ops: &[Operation]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for op in ops {
        if let Some(other) = seen.insert(&op.module, &op.shape_id) {
            let msg = format!("operations `{other}` and `{}` both map to the Rust module `{}`", op.shape_id, op.module);
            problems.push(Diagnostic::shape(&op.shape_id, msg));
        }
    }
    problems
}

/// Marks the input's labels that the URI pattern writes as `{Name+}` greedy.
fn mark_greedy_labels(input: &mut Structure, uri: &str) {
    for m in &mut input.members {
        if let Binding::Label { greedy, .. } = &mut m.binding {
            *greedy = uri.contains(&format!("{{{}+}}", m.name));
        }
    }
}

/// An operation input or output that is absent or `smithy.api#Unit`.
fn is_unit(target: Option<&crate::ast::ShapeRef>) -> bool {
    target.is_none_or(|r| r.target == "smithy.api#Unit")
}

/// Waiter modules share `crate::waiters`: a waiter whose module another waiter already takes is
/// left out with a warning (the first, in operation order, stays).
fn unique_waiters(ops: &mut [Operation], warnings: &mut Vec<String>) {
    let mut taken = std::collections::BTreeSet::new();
    for op in ops.iter_mut() {
        op.waiters.retain(|w| {
            let fresh = taken.insert(w.module.clone());
            if !fresh {
                warnings.push(format!("waiter `{}` of operation `{}` was left out: another waiter is also `waiters::{}`", w.name, op.name, w.module));
            }
            fresh
        });
    }
}
