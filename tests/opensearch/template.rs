//! The template newsidx creates its cluster indexes from.

use newsidx::schema::{NewsSchema, FIELD_NAMES, SCHEMA_VERSION};
use serde_json::Value;

use crate::cluster::{Cluster, TEMPLATE};

fn template() -> Value {
    serde_json::from_str(TEMPLATE).expect("opensearch/template.json is JSON")
}

/// A cluster index of another schema than the local one would be read
/// wrongly, as a local index would: the version travels with the mapping.
#[test]
fn template_carries_the_local_schema_version() {
    assert_eq!(
        template()["mappings"]["_meta"]["newsidx_schema_version"],
        SCHEMA_VERSION,
        "bump the version in opensearch/template.json with the schema's, and map the new fields"
    );
}

/// Every field a query may name locally has a mapping of the same name in
/// the cluster, as the cluster itself reports it once the index exists.
#[test]
fn the_cluster_maps_every_field_a_query_can_name() {
    let Some(cluster) = Cluster::from_env("the_cluster_maps_every_field_a_query_can_name") else {
        return;
    };
    let index = "newsidx-test-template";
    cluster.create_index(index);
    let mapping = cluster.call("GET", &format!("/{index}/_mapping"), None);
    let properties = &mapping[index]["mappings"]["properties"];
    for name in FIELD_NAMES {
        let local = NewsSchema::resolve_field_name(name).expect("a field name resolves");
        assert!(
            properties.get(name).is_some() && properties.get(local).is_some(),
            "the cluster's mapping lacks {name:?} (local field {local:?}): {properties}"
        );
    }
    // Dynamic mapping would let a misspelt field in a bulk request become
    // a new field quietly; strict makes it a rejected document.
    assert_eq!(mapping[index]["mappings"]["dynamic"], "strict");
    cluster.delete_index(index);
}

/// The template's own revision (what the cluster alone adds, such as
/// `folder`) is the one the code checks indexes against.
#[test]
fn template_carries_its_revision() {
    assert_eq!(
        template()["mappings"]["_meta"]["newsidx_template_version"],
        newsidx::opensearch::TEMPLATE_VERSION,
        "bump TEMPLATE_VERSION in src/opensearch/mod.rs with the template's revision"
    );
    assert_eq!(
        template()["mappings"]["properties"]["folder"]["type"],
        "keyword"
    );
}
