package io.vigil.server.serving;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventFilter;
import io.vigil.server.http.ApiException;
import io.vigil.server.models.Deployment;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.RegisteredModel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "which loaded model serves this selector" without a database round trip in the steady
 * state. Each answer is cached and re-checked in the background at most {@link #RECHECK} after it
 * was made, and at once when a model changes state (deploy, rollback, retire): meanwhile requests
 * keep getting the previous answer, so a swap never makes a request wait or fail, and the new
 * version is published only once fully loaded.
 */
public final class ModelResolver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);
    static final Duration RECHECK = Duration.ofSeconds(1);
    // model.state events are published inside the deploy transaction: look again once it has committed
    private static final long SETTLE_MS = 150;

    private final ModelRepository repository;
    private final LoadedModels loaded;
    private final ExecutorService loader;
    private final ScheduledExecutorService timer;
    private final LoadingCache<ModelSelector, Resolution> answers;
    private final EventBus.Subscription subscription;

    /** An answer: the model, or why there is none (kept as data so it is cached like a model). */
    record Resolution(LoadedModel model, int status, String title, String detail) {
        static Resolution failed(ApiException e) {
            return new Resolution(null, e.status(), e.title(), e.detail());
        }

        LoadedModel orThrow() {
            if (model == null) {
                throw new ApiException(status, title, detail);
            }
            return model;
        }
    }

    public ModelResolver(ModelRepository repository, LoadedModels loaded, EventBus events) {
        this.repository = repository;
        this.loaded = loaded;
        this.loader = Executors.newFixedThreadPool(2, daemon("vigil-model-loader"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("vigil-model-recheck"));
        this.answers = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(RECHECK)
                .expireAfterAccess(Duration.ofMinutes(10))
                .executor(loader)
                .build(new CacheLoader<>() {
                    @Override
                    public Resolution load(ModelSelector selector) {
                        return resolve(selector, null);
                    }

                    @Override
                    public Resolution reload(ModelSelector selector, Resolution previous) {
                        return resolve(selector, previous.model());
                    }
                });
        this.subscription = events.subscribe(EventFilter.ALL, this::onEvent);
    }

    /** The model that serves {@code selector} now; a problem (404, 409) when there is none. */
    public LoadedModel resolve(ModelSelector selector) {
        Resolution answer = answers.get(selector);
        if (answer.model() == null) {
            // "nothing serves this" is never trusted from the cache: a model deployed a moment ago must answer
            answer = resolve(selector, null);
            answers.put(selector, answer);
        }
        return answer.orThrow();
    }

    private void onEvent(Event e) {
        if (Event.MODEL_STATE.equals(e.type())) {
            recheckAll();
            timer.schedule(this::recheckAll, SETTLE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void recheckAll() {
        answers.refreshAll(answers.asMap().keySet());
    }

    private Resolution resolve(ModelSelector selector, LoadedModel current) {
        try {
            LoadedModels.Key key = repository.withHandle(h -> target(h, selector));
            if (current != null && current.ref().id().equals(key.modelId()) && current.ref().version() == key.version()) {
                return new Resolution(current, 200, null, null); // unchanged: keep the instance we have
            }
            LoadedModel model = loaded.get(key.modelId(), key.version());
            if (current != null) {
                log.atInfo().addKeyValue("selector", selector).addKeyValue("from", current.ref())
                        .addKeyValue("to", model.ref()).log("serving model swapped");
            }
            return new Resolution(model, 200, null, null);
        } catch (ApiException e) {
            return Resolution.failed(e);
        }
    }

    private LoadedModels.Key target(Handle h, ModelSelector s) {
        if (s.modelType() != null) {
            Deployment d = repository.activeDeployment(h, s.modelType()).orElseThrow(() -> ApiException.notFound(
                    "no model is deployed for modelType '" + s.modelType() + "'; deploy one first"));
            return new LoadedModels.Key(d.modelId(), d.version());
        }
        RegisteredModel m = (s.modelId() != null ? repository.find(h, s.modelId()) : repository.findByName(h, s.modelName()))
                .orElseThrow(() -> ApiException.notFound("no model " + (s.modelId() != null ? "with id " + s.modelId()
                        : "named '" + s.modelName() + "'")));
        if (m.status() == ModelStatus.RETIRED) {
            throw ApiException.conflict("model " + m.modelName() + " is retired and no longer predicts");
        }
        if (s.version() != null) {
            repository.version(h, m.id(), s.version())
                    .orElseThrow(() -> ApiException.notFound("model " + m.modelName() + " has no version " + s.version()));
            return new LoadedModels.Key(m.id(), s.version());
        }
        Integer version = m.deployedVersion() != null ? m.deployedVersion() : m.latestVersion();
        if (version == null) {
            throw ApiException.conflict("model " + m.modelName() + " has no trained version yet; train it first");
        }
        return new LoadedModels.Key(m.id(), version);
    }

    @Override
    public void close() {
        subscription.close();
        timer.shutdownNow();
        loader.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
