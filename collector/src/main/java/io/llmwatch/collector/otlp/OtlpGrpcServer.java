package io.llmwatch.collector.otlp;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.PublishException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC trace export ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, port
 * 4317 by convention), served by grpc-java beside the HTTP collector on the same host. It reads and
 * answers exactly as {@code POST /v1/traces} in protobuf does: the request's bytes go to the same
 * {@link TraceExports} (validation, item limit, dead letters, metrics), so a body that is not an
 * export request is dead-lettered byte for byte here too; only the transport's codes differ.
 *
 * <ul>
 *   <li>The request arrives as bytes (not parsed by gRPC's marshaller), so that an unreadable body
 *       is refused and dead-lettered by the one rule rather than failed inside gRPC.</li>
 *   <li>Size: gRPC's {@code maxInboundMessageSize} is the collector's body limit, applied after
 *       gzip decoding too; larger is {@code RESOURCE_EXHAUSTED}.</li>
 *   <li>Auth: with API keys configured, metadata {@code x-llmwatch-key} or
 *       {@code authorization: Bearer <key>} (as on the HTTP ingest endpoints), else
 *       {@code UNAUTHENTICATED}. {@code x-llmwatch-app} and {@code x-llmwatch-task} are the request's
 *       defaults, as the HTTP headers are.</li>
 *   <li>Codes: not an export request, or more spans than the item limit: {@code INVALID_ARGUMENT}
 *       (not retried by exporters, like HTTP's 400 and 413); Kafka did not acknowledge:
 *       {@code UNAVAILABLE} (retried); a record too large for Kafka: {@code INVALID_ARGUMENT}.</li>
 * </ul>
 */
public final class OtlpGrpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServer.class);
    private static final String SOURCE = "grpc:" + TraceServiceGrpc.getExportMethod().getFullMethodName();
    private static final Metadata.Key<String> KEY = metadataKey(ApiKeyFilter.KEY_HEADER);
    private static final Metadata.Key<String> AUTHORIZATION = metadataKey("authorization");
    private static final Metadata.Key<String> APP = metadataKey(RequestDefaults.APP_HEADER);
    private static final Metadata.Key<String> TASK = metadataKey(RequestDefaults.TASK_HEADER);
    private static final Context.Key<RequestDefaults> DEFAULTS = Context.key("llmwatch-request-defaults");

    /** The official method, with the request left as bytes for {@link TraceExports} to read. */
    private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT = TraceServiceGrpc.getExportMethod()
            .toBuilder(new BytesMarshaller(), ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();

    private final TraceExports exports;
    private final ApiKeys keys;
    private final Counter refused;
    private final Server server;

    /** @param exports what the spans become, shared with {@code POST /v1/traces} */
    public OtlpGrpcServer(TraceExports exports, CollectorOptions options, MeterRegistry registry) {
        if (options.otlpGrpcPort() == null) {
            throw new IllegalArgumentException("OTLP/gRPC has no port configured");
        }
        this.exports = exports;
        this.keys = options.apiKeys();
        // The HTTP ingest filter's counter: a refusal is one whatever the transport.
        this.refused = Counter.builder("llmwatch.collector.auth.refused")
                .description("Requests refused for a missing or wrong API key")
                .tag("mode", ApiKeyFilter.Mode.KEY_OR_BEARER.name().toLowerCase(Locale.ROOT))
                .register(registry);
        ServerServiceDefinition service = ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(EXPORT, ServerCalls.asyncUnaryCall(this::export))
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(options.host(), options.otlpGrpcPort()))
                .maxInboundMessageSize((int) options.maxBodyBytes())
                .addService(ServerInterceptors.intercept(service, new Admission()))
                .build();
    }

    /** @return the bound port (a free one when the configured port is 0) */
    public int start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve OTLP/gRPC: " + e.getMessage(), e);
        }
        return server.getPort();
    }

    /** Stops taking calls, and waits a little for those in flight. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void export(byte[] body, StreamObserver<ExportTraceServiceResponse> answer) {
        TraceExports.Outcome outcome;
        try {
            outcome = exports.export(OtlpEncoding.PROTOBUF, body, DEFAULTS.get(), SOURCE);
        } catch (PublishException e) {
            answer.onError((e.recordTooLarge()
                    ? Status.INVALID_ARGUMENT.withDescription("an item is larger than Kafka accepts; send it smaller")
                    : Status.UNAVAILABLE.withDescription("Kafka did not acknowledge the spans in time; retry"))
                    .asRuntimeException());
            return;
        } catch (RuntimeException e) {
            log.error("{} failed", SOURCE, e);
            answer.onError(Status.INTERNAL.withDescription("the collector failed to handle the request").asRuntimeException());
            return;
        }
        if (outcome instanceof TraceExports.Exported exported) {
            answer.onNext(OtlpEncoding.traceResponse(exported.response()));
            answer.onCompleted();
        } else {
            answer.onError(Status.INVALID_ARGUMENT.withDescription(((TraceExports.Refused) outcome).message())
                    .asRuntimeException());
        }
    }

    /** Checks the API key and carries the request's app and task defaults to the call. */
    private final class Admission implements ServerInterceptor {

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                           ServerCallHandler<Q, A> next) {
            if (keys.required() && !keys.accepts(ApiKeyFilter.presentedKey(headers.get(KEY), headers.get(AUTHORIZATION),
                    ApiKeyFilter.Mode.KEY_OR_BEARER))) {
                refused.increment();
                call.close(Status.UNAUTHENTICATED.withDescription("a valid API key is required in the "
                        + KEY.name() + " metadata or as authorization: Bearer <key>"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            Context context = Context.current().withValue(DEFAULTS, new RequestDefaults(headers.get(APP), headers.get(TASK)));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    private static Metadata.Key<String> metadataKey(String header) {
        return Metadata.Key.of(header.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    }

    /** The request message as its bytes, read within gRPC's inbound size limit. */
    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot read the request: " + e.getMessage()).withCause(e)
                        .asRuntimeException();
            }
        }
    }
}
