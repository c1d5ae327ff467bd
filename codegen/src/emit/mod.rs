//! Emitters: pure functions from the IR to one token stream per generated file.

mod common;
mod document;
mod endpoint;
mod enums;
mod error;
mod event_stream;
mod http;
mod json;
mod modules;
mod operation;
mod package;
mod paginator;
mod protocol_tests;
mod protocol_tests_events;
mod query;
mod send;
mod structure;
mod unions;
mod examples;
mod waiters;
mod waiter_code;
mod wire;
mod xml;

use proc_macro2::TokenStream;

use crate::ir::{Crate, Module};

/// One generated Rust file: what it holds, decided from the IR alone. Files are emitted (and
/// formatted) independently, so they can be produced in parallel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileJob {
    /// `src/lib.rs`
    Lib,
    /// `src/client.rs`
    Client,
    /// `src/config.rs`
    Config,
    /// `src/error.rs`
    ErrorModule,
    /// `src/error_meta.rs`
    ErrorMeta,
    /// `src/operation.rs`
    OperationIndex,
    /// `src/primitives.rs`
    Primitives,
    /// `src/types.rs`
    TypesIndex,
    /// `src/client/<op>.rs`
    ClientMethod(usize),
    /// `src/operation/<op>.rs`
    OperationModule(usize),
    /// `src/operation/<op>/builders.rs`
    OperationBuilders(usize),
    /// `src/operation/<op>/paginator.rs`
    Paginator(usize),
    /// A structure's file (index into `Crate::structures`).
    Structure(usize),
    /// An enum's file.
    Enum(usize),
    /// A union's file.
    Union(usize),
    /// `src/types/builders.rs`
    TypesBuilders,
    /// `src/types/error/<name>.rs`: the error enum of the event stream union with this index.
    EventStreamError(usize),
    /// `src/types/error.rs`
    ErrorIndex,
    /// `src/types/error/builders.rs`
    ErrorBuilders,
    /// `src/protocol_tests.rs`
    ProtocolTests,
    /// `src/endpoint_tests.rs`
    EndpointTests,
    /// `src/waiters.rs`
    WaitersIndex,
    /// `src/waiters/<name>.rs`: operation index, waiter index.
    Waiter(usize, usize),
}

/// Every file of the crate with its path relative to the crate root.
pub fn file_jobs(c: &Crate) -> Vec<(String, FileJob)> {
    let mut jobs = vec![
        ("src/lib.rs".to_owned(), FileJob::Lib),
        ("src/client.rs".to_owned(), FileJob::Client),
        ("src/config.rs".to_owned(), FileJob::Config),
        ("src/error.rs".to_owned(), FileJob::ErrorModule),
        ("src/error_meta.rs".to_owned(), FileJob::ErrorMeta),
        ("src/operation.rs".to_owned(), FileJob::OperationIndex),
        ("src/primitives.rs".to_owned(), FileJob::Primitives),
        ("src/types.rs".to_owned(), FileJob::TypesIndex),
    ];
    for (i, op) in c.operations.iter().enumerate() {
        let m = &op.module;
        jobs.push((format!("src/client/{m}.rs"), FileJob::ClientMethod(i)));
        jobs.push((format!("src/operation/{m}.rs"), FileJob::OperationModule(i)));
        jobs.push((format!("src/operation/{m}/builders.rs"), FileJob::OperationBuilders(i)));
        if op.paginator.is_some() {
            jobs.push((format!("src/operation/{m}/paginator.rs"), FileJob::Paginator(i)));
        }
    }
    for (i, s) in c.structures.iter().enumerate() {
        let dir = match &s.path.module {
            Module::Types => "src/types".to_owned(),
            Module::TypesError => "src/types/error".to_owned(),
            Module::Operation(m) => format!("src/operation/{m}"),
        };
        jobs.push((format!("{dir}/{}.rs", s.file_stem), FileJob::Structure(i)));
    }
    jobs.extend(c.enums.iter().enumerate().map(|(i, e)| (format!("src/types/{}.rs", e.file_stem), FileJob::Enum(i))));
    jobs.extend(c.unions.iter().enumerate().map(|(i, u)| (format!("src/types/{}.rs", u.file_stem), FileJob::Union(i))));
    if modules::data_structs(c).next().is_some() {
        jobs.push(("src/types/builders.rs".to_owned(), FileJob::TypesBuilders));
    }
    for (i, u) in c.unions.iter().enumerate() {
        if let Some(errors) = &u.event_stream {
            jobs.push((format!("src/types/error/{}.rs", errors.file_stem), FileJob::EventStreamError(i)));
        }
    }
    if modules::has_error_module(c) {
        jobs.push(("src/types/error.rs".to_owned(), FileJob::ErrorIndex));
        jobs.push(("src/types/error/builders.rs".to_owned(), FileJob::ErrorBuilders));
    }
    if !c.protocol_tests.is_empty() && sends(c) {
        jobs.push(("src/protocol_tests.rs".to_owned(), FileJob::ProtocolTests));
    }
    if has_endpoint_tests(c) {
        jobs.push(("src/endpoint_tests.rs".to_owned(), FileJob::EndpointTests));
    }
    if waiters::has_waiters(c) {
        jobs.push(("src/waiters.rs".to_owned(), FileJob::WaitersIndex));
        for (i, op) in c.operations.iter().enumerate() {
            jobs.extend(op.waiters.iter().enumerate().map(|(j, w)| (format!("src/waiters/{}.rs", w.module), FileJob::Waiter(i, j))));
        }
    }
    jobs
}

/// The tokens of one file.
pub fn emit_file(c: &Crate, job: FileJob) -> TokenStream {
    let op = |i: usize| &c.operations[i];
    match job {
        FileJob::Lib => modules::emit_lib(c),
        FileJob::Client => modules::emit_client(c),
        FileJob::Config => modules::emit_config(c),
        FileJob::ErrorModule => modules::emit_error_module(),
        FileJob::ErrorMeta => error::emit_crate_error(c),
        FileJob::OperationIndex => modules::emit_operation_index(c),
        FileJob::Primitives => modules::emit_primitives(c),
        FileJob::TypesIndex => modules::emit_types_index(c),
        FileJob::ClientMethod(i) => operation::emit_client_method(op(i), c),
        FileJob::OperationModule(i) => operation::emit_operation_module(op(i), c),
        FileJob::OperationBuilders(i) => operation::emit_operation_builders(op(i), c),
        FileJob::Paginator(i) => op(i).paginator.as_ref().map(|p| paginator::emit_paginator(op(i), p, c)).unwrap_or_default(),
        FileJob::Structure(i) => structure::emit_structure(&c.structures[i], c),
        FileJob::Enum(i) => enums::emit_enum(&c.enums[i], c),
        FileJob::Union(i) => unions::emit_union(&c.unions[i], c),
        FileJob::TypesBuilders => modules::emit_builders_index(&Module::Types, modules::data_structs(c)),
        FileJob::EventStreamError(i) => error::emit_event_stream_error(&c.unions[i], c.service.extended_request_id),
        FileJob::ErrorIndex => modules::emit_error_index(c),
        FileJob::ErrorBuilders => modules::emit_builders_index(&Module::TypesError, modules::error_structs(c)),
        FileJob::ProtocolTests => protocol_tests::emit_protocol_tests(c).unwrap_or_default(),
        FileJob::EndpointTests => endpoint::emit_endpoint_tests(c).unwrap_or_default(),
        FileJob::WaitersIndex => waiters::emit_waiters_index(c),
        FileJob::Waiter(i, j) => waiters::emit_waiter(op(i), &op(i).waiters[j], c),
    }
}

/// Whether the crate gets `src/endpoint_tests.rs`.
pub(crate) fn has_endpoint_tests(c: &Crate) -> bool {
    c.service.endpoint_rules.is_some() && !c.endpoint_tests.is_empty() && sends(c)
}

/// Whether the crate speaks a supported protocol (and so gets serialisers and `send()`).
fn sends(c: &Crate) -> bool {
    c.service.client_protocol.is_some()
}

/// `Cargo.toml` of the generated crate.
pub use package::{cargo_toml, readme};
