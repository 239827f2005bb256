/**
 * Small calibration inputs over scenarios/tiny.yaml, shared by the calibration's
 * tests: three free parameters and two figures to fit.
 */
export const PRIORS = `parameters:
  - { name: emigration_scale, paths: [countries.MD.emigration], mode: scale, distribution: log_uniform, range: [0.25, 4], reason: test }
  - { name: learning, paths: [networks.learning], mode: set, distribution: uniform, range: [0.02, 0.5], reason: test }
  - { name: detection, paths: [countries.RO.detection], mode: set, distribution: uniform, range: [0.01, 0.3], reason: test }
`;

export const TARGETS = `error: { transform: log1p, default_sigma: 0.3 }
groups:
  - { name: recruited, metric: victims_recruited, country: MD, source: test, values: { 1996: 60, 1997: 70 } }
  - { name: assisted, metric: victims_assisted, country: ALL, source: test, values: { 1996: 8, 1997: 10 } }
`;
