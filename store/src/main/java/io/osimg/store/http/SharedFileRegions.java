package io.osimg.store.http;

import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import io.osimg.store.BlobContent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The parts of a multi-range answer as file regions (sendfile) on one open file: they share its descriptor, which is
 * closed when the last of them is released (sent, or dropped with the connection). A {@link DefaultFileRegion}
 * closes its channel when released, so without sharing every part would need a descriptor of its own.
 */
final class SharedFileRegions {

    private static final Logger LOG = Logger.getLogger(SharedFileRegions.class.getName());

    private SharedFileRegions() {
    }

    /** One region per range, in order; the content now belongs to them. */
    static List<FileRegion> of(BlobContent content, FileChannel file, List<ByteRange> ranges) {
        ReferenceCounted owner = new Owner(content);
        List<FileRegion> regions = new ArrayList<>(ranges.size());
        for (ByteRange r : ranges) {
            owner.retain();
            regions.add(new Part(file, r.first(), r.length(), owner));
        }
        owner.release(); // the regions hold it now
        return regions;
    }

    private static final class Part extends DefaultFileRegion {
        private final ReferenceCounted owner;

        Part(FileChannel file, long position, long count, ReferenceCounted owner) {
            super(file, position, count);
            this.owner = owner;
        }

        @Override
        protected void deallocate() {
            owner.release();
        }
    }

    private static final class Owner extends AbstractReferenceCounted {
        private final BlobContent content;

        Owner(BlobContent content) {
            this.content = content;
        }

        @Override
        protected void deallocate() {
            try {
                content.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing " + content.info().key() + " after a multi-range answer", e);
            }
        }

        @Override
        public ReferenceCounted touch(Object hint) {
            return this;
        }
    }
}
