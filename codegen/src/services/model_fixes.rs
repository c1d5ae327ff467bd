//! Model fixes: defaults the AWS SDK for Rust removes from some services' models, because the
//! default value would be sent (or enforced) where the service rejects it. A root shape loses
//! its default together with every member that targets it; a member loses only its own.

use crate::ast::Model;

/// A shape whose default goes.
enum Fix {
    /// A root shape (and the members that target it).
    Shape(&'static str),
    /// A member of a structure.
    Member(&'static str, &'static str),
    /// A member of an operation's input (the SDK's synthetic input shape).
    InputMember(&'static str, &'static str),
    /// A member of an operation's output.
    OutputMember(&'static str, &'static str),
}

use Fix::{InputMember, Member, OutputMember, Shape};

/// The fixes, by service shape id.
const FIXES: &[(&str, &[Fix])] = &[
    (
        "com.amazonaws.amplifyuibuilder#AmplifyUIBuilder",
        &[
            Shape("com.amazonaws.amplifyuibuilder#ListComponentsLimit"),
            Shape("com.amazonaws.amplifyuibuilder#ListFormsLimit"),
            Shape("com.amazonaws.amplifyuibuilder#ListThemesLimit"),
        ],
    ),
    (
        "com.amazonaws.drs#ElasticDisasterRecoveryService",
        &[
            Shape("com.amazonaws.drs#Validity"),
            Member("com.amazonaws.drs#CostOptimizationConfiguration", "burstBalanceThreshold"),
            Member("com.amazonaws.drs#CostOptimizationConfiguration", "burstBalanceDeltaThreshold"),
            InputMember("com.amazonaws.drs#ListStagingAccounts", "maxResults"),
            Shape("com.amazonaws.drs#StrictlyPositiveInteger"),
            Shape("com.amazonaws.drs#MaxResultsType"),
            Shape("com.amazonaws.drs#MaxResultsReplicatingSourceServers"),
            Shape("com.amazonaws.drs#LaunchActionOrder"),
        ],
    ),
    ("com.amazonaws.evidently#Evidently", &[Shape("com.amazonaws.evidently#ResultsPeriod")]),
    (
        "com.amazonaws.location#LocationService",
        &[
            InputMember("com.amazonaws.location#ListPlaceIndexes", "MaxResults"),
            InputMember("com.amazonaws.location#SearchPlaceIndexForSuggestions", "MaxResults"),
            Shape("com.amazonaws.location#PlaceIndexSearchResultLimit"),
        ],
    ),
    (
        "com.amazonaws.paymentcryptographydata#PaymentCryptographyDataPlane",
        &[Shape("com.amazonaws.paymentcryptographydata#IntegerRangeBetween4And12")],
    ),
    ("com.amazonaws.emrserverless#AwsToledoWebService", &[Shape("com.amazonaws.emrserverless#WorkerCounts")]),
    (
        "com.amazonaws.s3control#AWSS3ControlServiceV20180820",
        &[
            Member("com.amazonaws.s3control#PublicAccessBlockConfiguration", "BlockPublicAcls"),
            Member("com.amazonaws.s3control#PublicAccessBlockConfiguration", "IgnorePublicAcls"),
            Member("com.amazonaws.s3control#PublicAccessBlockConfiguration", "BlockPublicPolicy"),
            Member("com.amazonaws.s3control#PublicAccessBlockConfiguration", "RestrictPublicBuckets"),
        ],
    ),
    (
        "com.amazonaws.iot#AWSIotService",
        &[
            Member("com.amazonaws.iot#ThingConnectivity", "connected"),
            InputMember("com.amazonaws.iot#UpdateProvisioningTemplate", "enabled"),
            InputMember("com.amazonaws.iot#CreateProvisioningTemplate", "enabled"),
            OutputMember("com.amazonaws.iot#DescribeProvisioningTemplate", "enabled"),
            Member("com.amazonaws.iot#ProvisioningTemplateSummary", "enabled"),
        ],
    ),
];

const DEFAULT: &str = "smithy.api#default";

/// Removes the listed defaults of every service of the model that has some.
pub(super) fn apply(model: &mut Model) {
    for (service, fixes) in FIXES {
        if super::service_of(model, service).is_none() {
            continue;
        }
        for fix in *fixes {
            match fix {
                Shape(id) => remove_root(model, id),
                Member(shape, member) => remove_member(model, shape, member),
                InputMember(op, member) | OutputMember(op, member) => {
                    let io = model.shapes.get(*op).and_then(|o| if matches!(fix, InputMember(..)) { o.input.as_ref() } else { o.output.as_ref() });
                    if let Some(shape) = io.map(|r| r.target.clone()) {
                        remove_member(model, &shape, member);
                    }
                }
            }
        }
    }
}

fn remove_root(model: &mut Model, id: &str) {
    let removed = model.shapes.get_mut(id).is_some_and(|s| s.traits.remove(DEFAULT).is_some());
    if !removed {
        return;
    }
    for shape in model.shapes.values_mut() {
        for member in shape.members.values_mut().filter(|m| m.target == id) {
            member.traits.remove(DEFAULT);
        }
    }
}

fn remove_member(model: &mut Model, shape: &str, member: &str) {
    if let Some(m) = model.shapes.get_mut(shape).and_then(|s| s.members.get_mut(member)) {
        m.traits.remove(DEFAULT);
    }
}
