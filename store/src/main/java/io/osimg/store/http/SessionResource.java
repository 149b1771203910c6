package io.osimg.store.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.store.BlobInfo;
import io.osimg.store.catalog.StoreCatalog;

import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code POST /api/v1/uploads}, {@code POST /api/v1/uploads/<id>/commit}, {@code DELETE /api/v1/uploads/<id>}. */
final class SessionResource {

    private static final Logger LOG = Logger.getLogger(SessionResource.class.getName());

    private final UploadResource uploads;
    private final StoreCatalog catalog;

    SessionResource(UploadResource uploads, StoreCatalog catalog) {
        this.uploads = uploads;
        this.catalog = catalog;
    }

    void handle(Exchange ex, HttpRequest request, RequestTarget target) throws IOException {
        HttpMethod method = request.method();
        String path = target.path();
        String rest = path.length() > UploadSessions.PATH.length() ? path.substring(UploadSessions.PATH.length() + 1) : "";
        String[] parts = rest.isEmpty() ? new String[0] : rest.split("/", -1);
        if (parts.length == 0 && method.equals(HttpMethod.POST)) {
            uploads.authorize(request);
            UploadSessions.Session s = uploads.sessions().open(target.param("directory"));
            ex.sendText(HttpResponseStatus.CREATED, "application/json",
                    "{\"id\":" + Json.quote(s.id) + ",\"directory\":" + Json.quote(s.image.imageDir()) + "}");
        } else if (parts.length == 2 && parts[1].equals("commit") && method.equals(HttpMethod.POST)) {
            uploads.authorize(request);
            List<BlobInfo> published = uploads.sessions().commit(parts[0]);
            StringBuilder b = new StringBuilder("{\"id\":").append(Json.quote(parts[0])).append(",\"files\":[");
            for (int i = 0; i < published.size(); i++) {
                BlobInfo info = published.get(i);
                b.append(i == 0 ? "" : ",").append("{\"key\":").append(Json.quote(info.key())).append(",\"size\":")
                        .append(info.size()).append(",\"etag\":").append(Json.quote(info.etag())).append('}');
            }
            String answer = b.append("]}").toString();
            afterCatalogRefresh(ex, () -> ex.sendText(HttpResponseStatus.OK, "application/json", answer));
        } else if (parts.length == 1 && method.equals(HttpMethod.DELETE)) {
            uploads.authorize(request);
            if (!uploads.sessions().discard(parts[0])) {
                throw new RequestRejectedException(ErrorMapper.notFound("no upload session " + parts[0]));
            }
            ex.sendFull(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
        } else if (parts.length == 0) {
            throw ErrorMapper.methodNotAllowed(method.name(), path, "POST");
        } else if (parts.length == 1) {
            throw ErrorMapper.methodNotAllowed(method.name(), path, "DELETE");
        } else if (parts.length == 2 && parts[1].equals("commit")) {
            throw ErrorMapper.methodNotAllowed(method.name(), path, "POST");
        } else {
            throw new RequestRejectedException(ErrorMapper.notFound("no upload resource " + path));
        }
    }

    /**
     * Answers once the catalog (and the listing index) shows the commit, so a client that asks next finds its image.
     * The rescan runs on the catalog's thread, not on this I/O thread; the answer is written back on the I/O thread.
     */
    private void afterCatalogRefresh(Exchange ex, Runnable answer) {
        if (catalog == null) {
            answer.run();
            return;
        }
        catalog.refreshInBackground().whenComplete((snapshot, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "refreshing the catalog after an upload (the timer retries)", e);
            }
            ex.ctx().executor().execute(answer);
        });
    }
}
