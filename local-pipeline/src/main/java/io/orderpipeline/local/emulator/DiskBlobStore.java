package io.orderpipeline.local.emulator;

import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;

import java.nio.file.Path;

/**
 * S3Proxy's file-system store with bucket versioning, as its in-memory store has it: objects live in files under a
 * directory, so an uploaded file and a map run's result files take disk, not heap, whatever their size. S3Proxy's own
 * {@code FilesystemNio2BlobStore} does not offer versioning (the template's bucket is versioned); the versions are
 * kept by the shared {@link AbstractNio2BlobStore} in user extended attributes, which the local file system must
 * support (ext4, xfs, btrfs and tmpfs do).
 */
final class DiskBlobStore extends AbstractNio2BlobStore {

    DiskBlobStore(Path root) {
        super(root);
    }

    @Override
    public boolean supportsVersioning() {
        return true;
    }
}
