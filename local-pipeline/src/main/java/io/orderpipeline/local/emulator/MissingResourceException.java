package io.orderpipeline.local.emulator;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.Optional;

/**
 * A table, queue or bucket of the template that does not exist (any more): someone deleted it, e.g. with the AWS CLI
 * against {@code serve}. The local pipeline provisions once, when {@code serve} or {@code run} starts, and never
 * re-creates anything afterwards: as on AWS, a deleted resource stays deleted until someone creates it again.
 *
 * @param what    {@code "table"}, {@code "queue"} or {@code "bucket"}
 * @param name    the resource's name (table name, queue URL, bucket name)
 * @param service the service's own words (its error code and message)
 */
public final class MissingResourceException extends RuntimeException {
    private final String what;
    private final String name;
    private final String service;

    public MissingResourceException(String what, String name, String service, Throwable cause) {
        super("the " + what + " " + name + " does not exist (" + service + ")", cause);
        this.what = what;
        this.name = name;
        this.service = service;
    }

    public String what() {
        return what;
    }

    public String name() {
        return name;
    }

    public String service() {
        return service;
    }

    /**
     * The SDK's "does not exist" errors, as the services name them: DynamoDB {@code ResourceNotFoundException}
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#API_PutItem_Errors),
     * SQS {@code QueueDoesNotExist} (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors)
     * and S3 {@code NoSuchBucket} (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#API_PutObject_Errors).
     * Anything else: empty.
     */
    public static Optional<MissingResourceException> of(String what, String name, Throwable e) {
        if (e instanceof ResourceNotFoundException || e instanceof QueueDoesNotExistException
                || e instanceof NoSuchBucketException || isNoSuchBucket(e)) {
            var service = (AwsServiceException) e;
            var details = service.awsErrorDetails();
            var code = details == null || details.errorCode() == null ? e.getClass().getSimpleName() : details.errorCode();
            var message = details == null || details.errorMessage() == null ? e.getMessage() : details.errorMessage();
            return Optional.of(new MissingResourceException(what, name, code + ": " + message, e));
        }
        return Optional.empty();
    }

    /** S3 answers a PutObject to a missing bucket with a generic S3Exception whose code is NoSuchBucket. */
    private static boolean isNoSuchBucket(Throwable e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && "NoSuchBucket".equals(service.awsErrorDetails().errorCode());
    }
}
