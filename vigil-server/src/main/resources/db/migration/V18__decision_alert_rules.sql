-- Two rules every installation starts with (issue 19): an A/B test's decision and a retraining's
-- trigger and outcome are alerted, as well as audited. Made once, here, as rules of the API: edit
-- them (channels, severity, a model) or disable or delete them through /ml/alerts/rules; a deletion
-- holds. A name already taken is left alone.
insert into alert_rules (id, name, kind, model_id, model_name, settings, severity, channels, enabled, description, source,
                         created_by, created_at, updated_by, updated_at)
values
  ('6f1d2c1e-5b0a-4a55-9d8e-19a0e0000001', 'experiment-decisions', 'experiment_decision', null, null,
   '{"threshold": 0.0, "floor": null, "classes": [], "baseline": null, "window": "1h", "minSamples": 1, "cooldown": "0"}',
   'info', '{}', true, 'Every A/B test or shadow decision: promoted, stopped, inconclusive, or a difference to act on.',
   'api', 'vigil', now(), 'vigil', now()),
  ('6f1d2c1e-5b0a-4a55-9d8e-19a0e0000002', 'retraining', 'retraining', null, null,
   '{"threshold": 0.0, "floor": null, "classes": [], "baseline": null, "window": "1h", "minSamples": 1, "cooldown": "0"}',
   'info', '{}', true, 'Every retraining trigger and its outcome: promoted, kept the champion, a challenger, failed.',
   'api', 'vigil', now(), 'vigil', now())
on conflict (name) do nothing;
