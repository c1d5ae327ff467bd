$version: "2.0"

// Event streams in three protocols: a REST service that streams answers out, audio in, and
// both at once (over HTTP/2), and two RPC services whose streams start with initial messages.

namespace example.streams

use aws.api#service
use aws.auth#sigv4
use aws.protocols#awsJson1_1
use aws.protocols#restJson1
use smithy.protocols#rpcv2Cbor

/// Talks to a model that answers in pieces.
@service(sdkId: "Stream Course")
@sigv4(name: "streamcourse")
@restJson1
@title("Stream Course")
service StreamCourse {
    version: "2026-12-01"
    operations: [Converse, Transcribe, Chat, Tail]
}

/// Follows a log: lines arrive as they are written. Its stream models no errors.
@readonly
@http(method: "GET", uri: "/tail")
operation Tail {
    output := {
        @httpPayload
        lines: LogStream
    }
}

@streaming
union LogStream {
    line: LogLine
}

structure LogLine {
    @eventPayload
    text: String
}

/// Asks a question; the answer arrives as a stream of events.
@http(method: "POST", uri: "/converse/{modelId}")
operation Converse {
    input := {
        @required
        @httpLabel
        modelId: String

        prompt: String
    }
    output := {
        @httpHeader("x-conversation-id")
        conversationId: String

        @httpPayload
        stream: AnswerStream
    }
    errors: [ThrottledError]
}

/// Sends audio; the transcript comes back at the end.
@http(method: "POST", uri: "/transcribe")
operation Transcribe {
    input := {
        @httpHeader("x-language")
        language: String

        @httpPayload
        audio: AudioStream
    }
    output := {
        @httpHeader("x-session-id")
        sessionId: String
    }
}

/// Talks both ways at once: each message in gets an answer out.
@http(method: "POST", uri: "/chat")
operation Chat {
    input := {
        @httpPayload
        messages: AudioStream
    }
    output := {
        @httpPayload
        stream: AnswerStream
    }
}

/// What a conversation sends back.
@streaming
union AnswerStream {
    /// A piece of the answer.
    delta: TextDelta

    /// Raw bytes of a tool's result.
    chunk: Chunk

    /// Usage figures at the end.
    metadata: Metadata

    /// The model is overloaded.
    overloaded: OverloadedError

    /// The answer was refused.
    refused: RefusedError
}

structure TextDelta {
    @eventHeader
    index: Integer

    text: String

    /// Sensitive: kept out of `Debug`.
    secret: SecretText
}

@sensitive
string SecretText

structure Chunk {
    @eventHeader
    contentKind: ContentKind

    @eventHeader
    sentAt: Timestamp

    @eventPayload
    bytes: Blob
}

enum ContentKind {
    TEXT = "text"
    IMAGE = "image"
}

structure Metadata {
    @eventPayload
    usage: Usage
}

structure Usage {
    inputTokens: Integer
    outputTokens: Integer
}

@error("server")
@retryable
structure OverloadedError {
    message: String
}

@error("client")
structure RefusedError {
    message: String
    reason: String
}

@error("client")
@retryable(throttling: true)
structure ThrottledError {
    message: String
}

/// Audio in.
@streaming
union AudioStream {
    audio: AudioEvent
    config: ConfigEvent
}

structure AudioEvent {
    @eventHeader
    sequence: Long

    @eventPayload
    chunk: Blob
}

structure ConfigEvent {
    @eventHeader
    flag: Boolean

    sampleRate: Integer
}

/// The same streams over awsJson 1.1: members beside a stream travel in initial messages.
@service(sdkId: "Rpc Stream Course")
@sigv4(name: "rpcstreamcourse")
@awsJson1_1
service RpcStreamCourse {
    version: "2026-12-01"
    operations: [Subscribe, Publish]
}

/// Subscribes to a feed: the output's `feedId` comes in the `initial-response` message.
operation Subscribe {
    input := {
        topic: String
    }
    output := {
        feedId: String
        stream: AnswerStream
    }
}

/// Publishes to a feed: the input's `topic` goes in the `initial-request` message.
operation Publish {
    input := {
        topic: String
        audio: AudioStream
    }
    output := {
        accepted: Integer
    }
}

/// The same over RPC v2 CBOR.
@rpcv2Cbor
service CborStreamCourse {
    version: "2026-12-01"
    operations: [Subscribe, Publish]
}

/// The same conversation over HTTP/2, where requests and responses stream at once.
@service(sdkId: "Duplex Course")
@sigv4(name: "duplexcourse")
@restJson1(http: ["h2", "http/1.1"], eventStreamHttp: ["h2"])
service DuplexCourse {
    version: "2026-12-01"
    operations: [Chat]
}
