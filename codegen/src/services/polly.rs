//! Amazon Polly.
//! - `SynthesizeSpeech` is sent as a POST with a JSON body, and presigned as a GET with every
//!   input member in the query string (`/v1/speech?Text=..&VoiceId=..&OutputFormat=..`), so
//!   that a presigned URL can be handed to a browser or an audio player.

use super::{Lowering, ServiceRules};

pub fn rules() -> ServiceRules {
    ServiceRules {
        service: "com.amazonaws.polly#Parrot_v1",
        signing_name: None,
        transform: None,
        lowering: Lowering { presign_as_get: vec!["com.amazonaws.polly#SynthesizeSpeech"], ..Lowering::default() },
        runtime: Vec::new(),
    }
}
