// The end-to-end Route 53 story (restXml), written against a client crate generated from the
// AWS Route 53 model and imported as `route53`: the ids the service returns
// (`/hostedzone/...`, `/change/...`) are passed back as they came, as users do, and the
// client trims them where they go into the URI. `include!`d like the other stories (see
// tests/e2e/aws-models.sh).

pub use route53_e2e::run_route53_story;

/// The story's steps.
pub mod route53_e2e {
    use super::moto::Access;
    use super::route53;
    use route53::error::DisplayErrorContext;
    use route53::types::{Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType};

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    // moto cannot check the signature of a request without a body (GET, DELETE) for these
    // services: it hashes its own encoding of the request's parameters in place of the empty
    // payload (see lambda_story.rs). Those steps run through `Access::unverified`; every request
    // with a body stays checked.

    /// Transcript note of a step run through `Access::unverified`.
    const NOT_CHECKED: &str = "(requests without a body: signatures not checked, moto cannot)";

    /// Runs the story against `access`'s endpoint and returns one transcript line per step.
    pub async fn run_route53_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let config = route53::Config::builder()
            .behavior_version(route53::config::BehaviorVersion::latest())
            .region(route53::config::Region::new("us-east-1"))
            .endpoint_url(access.endpoint())
            .credentials_provider(route53::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e"))
            .build();
        let client = route53::Client::from_conf(config);

        let created = expect_ok(
            "CreateHostedZone",
            client.create_hosted_zone().name("story.example.com.").caller_reference("e2e-route53-story").send().await,
        );
        let zone = created.hosted_zone().expect("the new zone");
        let zone_id = zone.id().to_owned();
        assert!(zone_id.starts_with("/hostedzone/"), "the service returns the id with its prefix: {zone_id}");
        t.push(format!("CreateHostedZone story.example.com. -> {zone_id}"));

        let got = expect_ok("GetHostedZone", access.unverified(client.get_hosted_zone().id(&zone_id).send()).await);
        assert_eq!(got.hosted_zone().map(|z| z.name()), Some("story.example.com."));
        t.push(format!("GetHostedZone {zone_id} (as returned) -> story.example.com. {NOT_CHECKED}"));

        let record = ResourceRecordSet::builder()
            .name("www.story.example.com.")
            .r#type(RrType::A)
            .ttl(300)
            .resource_records(ResourceRecord::builder().value("192.0.2.44").build().expect("record"))
            .build()
            .expect("record set");
        let batch = ChangeBatch::builder()
            .changes(Change::builder().action(ChangeAction::Create).resource_record_set(record).build().expect("change"))
            .build()
            .expect("batch");
        let changed = expect_ok(
            "ChangeResourceRecordSets",
            client.change_resource_record_sets().hosted_zone_id(&zone_id).change_batch(batch).send().await,
        );
        let change_id = changed.change_info().map(|c| c.id().to_owned()).expect("a change");
        t.push(format!("ChangeResourceRecordSets {zone_id} CREATE www A 192.0.2.44 -> change {change_id}"));

        let change = expect_ok("GetChange", access.unverified(client.get_change().id(&change_id).send()).await);
        let status = change.change_info().map(|c| c.status().as_str().to_owned()).unwrap_or_default();
        t.push(format!("GetChange {change_id} (as returned) -> {status} {NOT_CHECKED}"));

        let listed = expect_ok("ListResourceRecordSets", access.unverified(client.list_resource_record_sets().hosted_zone_id(&zone_id).send()).await);
        let names: Vec<&str> = listed.resource_record_sets().iter().map(|r| r.name()).collect();
        assert!(names.contains(&"www.story.example.com."), "{names:?}");
        t.push(format!("ListResourceRecordSets {zone_id} -> {} record sets, www among them {NOT_CHECKED}", names.len()));

        let delete_batch = ChangeBatch::builder()
            .changes(
                Change::builder()
                    .action(ChangeAction::Delete)
                    .resource_record_set(
                        ResourceRecordSet::builder()
                            .name("www.story.example.com.")
                            .r#type(RrType::A)
                            .ttl(300)
                            .resource_records(ResourceRecord::builder().value("192.0.2.44").build().expect("record"))
                            .build()
                            .expect("record set"),
                    )
                    .build()
                    .expect("change"),
            )
            .build()
            .expect("batch");
        expect_ok("ChangeResourceRecordSets", client.change_resource_record_sets().hosted_zone_id(&zone_id).change_batch(delete_batch).send().await);
        expect_ok("DeleteHostedZone", access.unverified(client.delete_hosted_zone().id(&zone_id).send()).await);
        let gone = access.unverified(client.get_hosted_zone().id(&zone_id).send()).await.expect_err("the zone is gone");
        let service = gone.into_service_error();
        assert!(service.is_no_such_hosted_zone(), "{service:?}");
        t.push(format!("DELETE www; DeleteHostedZone {zone_id}; GetHostedZone -> NoSuchHostedZone {NOT_CHECKED}"));
        t
    }
}
