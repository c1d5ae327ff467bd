//! Emitters: pure functions from the IR to one token stream per generated file.

mod common;
mod document;
mod enums;
mod error;
mod json;
mod modules;
mod operation;
mod paginator;
mod protocol_tests;
mod send;
mod structure;
mod unions;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::ir::{Crate, Module, Structure};

/// Every Rust file of the crate, keyed by path relative to the crate root (`src/lib.rs`).
pub fn emit_crate(c: &Crate) -> BTreeMap<String, TokenStream> {
    let mut files = BTreeMap::new();
    files.insert("src/lib.rs".to_owned(), modules::emit_lib(c));
    files.insert("src/client.rs".to_owned(), modules::emit_client(c));
    files.insert("src/config.rs".to_owned(), modules::emit_config());
    files.insert("src/error.rs".to_owned(), modules::emit_error_module());
    files.insert("src/error_meta.rs".to_owned(), error::emit_crate_error(c));
    files.insert("src/operation.rs".to_owned(), modules::emit_operation_index(c));
    files.insert("src/primitives.rs".to_owned(), modules::emit_primitives(c));
    files.insert("src/types.rs".to_owned(), modules::emit_types_index(c));
    emit_operations(c, &mut files);
    emit_types(c, &mut files);
    if let Some(tests) = protocol_tests::emit_protocol_tests(c) {
        files.insert("src/protocol_tests.rs".to_owned(), tests);
    }
    files
}

fn emit_operations(c: &Crate, files: &mut BTreeMap<String, TokenStream>) {
    for op in &c.operations {
        let m = &op.module;
        files.insert(format!("src/client/{m}.rs"), operation::emit_client_method(op, c));
        files.insert(format!("src/operation/{m}.rs"), operation::emit_operation_module(op, c));
        files.insert(format!("src/operation/{m}/builders.rs"), operation::emit_operation_builders(op, c));
        if let Some(p) = op.paginator.as_ref().filter(|_| json(c)) {
            files.insert(format!("src/operation/{m}/paginator.rs"), paginator::emit_paginator(op, p, c));
        }
        for s in [&c.structures[op.input], &c.structures[op.output]] {
            files.insert(format!("src/operation/{m}/{}.rs", s.file_stem), structure::emit_structure(s, json(c)));
        }
    }
}

fn emit_types(c: &Crate, files: &mut BTreeMap<String, TokenStream>) {
    let data: Vec<&Structure> = modules::data_structs(c).collect();
    let errors: Vec<&Structure> = modules::error_structs(c).collect();
    for s in &data {
        files.insert(format!("src/types/{}.rs", s.file_stem), structure::emit_structure(s, json(c)));
    }
    for e in &c.enums {
        files.insert(format!("src/types/{}.rs", e.file_stem), enums::emit_enum(e, json(c)));
    }
    for u in &c.unions {
        files.insert(format!("src/types/{}.rs", u.file_stem), unions::emit_union(u, json(c)));
    }
    if !data.is_empty() {
        let index = modules::emit_builders_index(&Module::Types, data.iter().copied());
        files.insert("src/types/builders.rs".to_owned(), index);
    }
    if !errors.is_empty() {
        for s in &errors {
            files.insert(format!("src/types/error/{}.rs", s.file_stem), structure::emit_structure(s, json(c)));
        }
        files.insert("src/types/error.rs".to_owned(), modules::emit_error_index(c));
        let index = modules::emit_builders_index(&Module::TypesError, errors.iter().copied());
        files.insert("src/types/error/builders.rs".to_owned(), index);
    }
}

/// Whether the crate speaks a supported protocol (and so gets serialisers and `send()`).
fn json(c: &Crate) -> bool {
    c.service.client_protocol.is_some()
}

/// `Cargo.toml` of the generated crate.
pub use modules::cargo_toml;
