/**
 * Output activation t applied after g. multidms offers identity and a softplus "hinge" that
 * bounds predictions below at `lowerBound` (for scores truncated at a floor):
 *   t(u) = h·softplus((u − l)/h) + l,  t'(u) = σ((u − l)/h),  h = 0.1 (multidms's hinge scale).
 */
import { sigmoid, softplus } from './numerics';

export const HINGE_SCALE = 0.1;

export interface OutputActivation {
  readonly name: 'identity' | 'softplus';
  readonly lowerBound?: number;
  value(u: number): number;
  du(u: number): number;
}

export const identityActivation: OutputActivation = { name: 'identity', value: (u) => u, du: () => 1 };

export function softplusActivation(lowerBound: number): OutputActivation {
  if (!Number.isFinite(lowerBound))
    throw new Error('the softplus output activation needs a finite lower bound');
  const h = HINGE_SCALE;
  return {
    name: 'softplus',
    lowerBound,
    value: (u) => h * softplus((u - lowerBound) / h) + lowerBound,
    du: (u) => sigmoid((u - lowerBound) / h),
  };
}
