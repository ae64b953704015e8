package io.orderpipeline.redrive.aws;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

/**
 * A Mockito {@link S3Client} keeping objects in memory ({@code bucket/key} → text), as the Extended Client Library and
 * its payload store call it: PutObject with a request body, GetObject as a stream, DeleteObject; and ListObjectsV2 (a
 * prefix, as the redrive lists one key). Switches make calls fail the way S3 does.
 */
final class FakeS3 {

    final S3Client client = mock(S3Client.class);
    /** bucket/key → content, in key order. */
    final Map<String, String> objects = new TreeMap<>();
    /** Every call, in order: "GET bucket/key", "PUT …", "DELETE …". */
    final List<String> calls = new ArrayList<>();
    /** GETs of these bucket/keys fail as throttled (503 SlowDown), after the SDK's retries as it were. */
    final Set<String> slowDown = new HashSet<>();
    /** DELETEs of these bucket/keys fail (403 AccessDenied). */
    final Set<String> denyDelete = new HashSet<>();
    /** PUTs fail (a network error) while set. */
    boolean failPuts;
    /**
     * A GET of a missing key is answered 403 AccessDenied, not 404 NoSuchKey: what S3 answers a caller without
     * s3:ListBucket (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
     */
    boolean missingKeysDenied;
    /** GETs of these bucket/keys are denied (403) although the objects are there. */
    final Set<String> denyGet = new HashSet<>();
    /** Listings are denied (403): a role without s3:ListBucket. */
    boolean denyList;

    FakeS3() {
        lenient().when(client.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenAnswer(i -> put(i.getArgument(0), i.getArgument(1)));
        lenient().when(client.getObject(any(GetObjectRequest.class))).thenAnswer(i -> get(i.getArgument(0)));
        lenient().when(client.deleteObject(any(DeleteObjectRequest.class))).thenAnswer(i -> delete(i.getArgument(0)));
        lenient().when(client.listObjectsV2(any(ListObjectsV2Request.class))).thenAnswer(i -> list(i.getArgument(0)));
        lenient().when(client.listObjectsV2(org.mockito.ArgumentMatchers.<Consumer<ListObjectsV2Request.Builder>>any()))
                .thenAnswer(i -> {
                    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder();
                    i.<Consumer<ListObjectsV2Request.Builder>>getArgument(0).accept(request);
                    return list(request.build());
                });
    }

    /** The objects under {@code prefix} of {@code bucket}, by key. */
    Map<String, String> under(String bucket, String prefix) {
        Map<String, String> found = new TreeMap<>();
        objects.forEach((path, text) -> {
            if (path.startsWith(bucket + "/" + prefix)) {
                found.put(path.substring(bucket.length() + 1), text);
            }
        });
        return found;
    }

    private PutObjectResponse put(PutObjectRequest request, RequestBody body) {
        String path = request.bucket() + "/" + request.key();
        calls.add("PUT " + path);
        if (failPuts) {
            throw SdkClientException.create("Unable to execute HTTP request: connection reset");
        }
        try (InputStream in = body.contentStreamProvider().newStream()) {
            objects.put(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PutObjectResponse.builder().build();
    }

    private ResponseInputStream<GetObjectResponse> get(GetObjectRequest request) {
        String path = request.bucket() + "/" + request.key();
        calls.add("GET " + path);
        if (slowDown.contains(path)) {
            throw S3Exception.builder().statusCode(503).message("Please reduce your request rate.").build();
        }
        String text = objects.get(path);
        if (denyGet.contains(path) || text == null && missingKeysDenied) {
            throw S3Exception.builder().statusCode(403).message("Access Denied").build();
        }
        if (text == null) {
            throw NoSuchKeyException.builder().statusCode(404).message("The specified key does not exist.").build();
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new ResponseInputStream<>(GetObjectResponse.builder().contentLength((long) bytes.length).build(),
                AbortableInputStream.create(new ByteArrayInputStream(bytes)));
    }

    private ListObjectsV2Response list(ListObjectsV2Request request) {
        String prefix = request.prefix() == null ? "" : request.prefix();
        calls.add("LIST " + request.bucket() + "/" + prefix);
        if (denyList) {
            throw S3Exception.builder().statusCode(403).message("Access Denied").build();
        }
        int max = request.maxKeys() == null ? 1000 : request.maxKeys();
        List<S3Object> contents = under(request.bucket(), prefix).keySet().stream().limit(max)
                .map(key -> S3Object.builder().key(key).build()).toList();
        return ListObjectsV2Response.builder().contents(contents).keyCount(contents.size()).build();
    }

    private DeleteObjectResponse delete(DeleteObjectRequest request) {
        String path = request.bucket() + "/" + request.key();
        calls.add("DELETE " + path);
        if (denyDelete.contains(path)) {
            throw S3Exception.builder().statusCode(403).message("Access Denied").build();
        }
        objects.remove(path);
        return DeleteObjectResponse.builder().build();
    }
}
