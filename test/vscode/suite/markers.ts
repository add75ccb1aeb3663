/** Printed by the suite around its own output so the runner can pick it out of the workbench log. */
export const SUITE_BEGIN = '[dmsfit-suite-begin]';
export const SUITE_END = '[dmsfit-suite-end]';
