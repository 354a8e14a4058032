/** Why a source holds nothing, as `status` and a run's closing summary say it: one wording for both. */
export const NO_RELEASE = 'no release bundled or fetched (run --live, or add a file)';
