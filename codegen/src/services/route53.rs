//! Amazon Route 53: the service returns ids with their kind in front
//! (`/hostedzone/Z1D633PJN98FT9`, `/change/C2682N5HXP0BZ4`, `/delegationset/N9INWVYQ6Q0FN`),
//! and users pass them back as they got them. Bound to the URI, the prefix is left out.

use super::{LabelRule, Lowering, ServiceRules};
use crate::ir::LabelAdjust;

pub fn rules() -> ServiceRules {
    let prefixes = ["/hostedzone/", "/change/", "/delegationset/"].map(str::to_owned).to_vec();
    ServiceRules {
        service: "com.amazonaws.route53#AWSDnsV20130401",
        signing_name: None,
        transform: None,
        lowering: Lowering {
            labels: vec![LabelRule {
                members: &["ResourceId", "ChangeId", "DelegationSetId"],
                targets: &["com.amazonaws.route53#ResourceId", "com.amazonaws.route53#ChangeId", "com.amazonaws.route53#DelegationSetId"],
                adjust: LabelAdjust::TrimPrefixes(prefixes),
            }],
            ..Lowering::default()
        },
        runtime: Vec::new(),
    }
}
