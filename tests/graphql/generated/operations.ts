/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The door a change came through. */
export type ChangeDoor =
  | 'GRAPHQL'
  | 'REST';

/** PUT (replace) or PATCH (merge) semantics. */
export type ChangeMethod =
  | 'PATCH'
  | 'PUT';

/** PUT semantics: every field not sent is reset (nullable fields to null, isActive to true). */
export type CustomerDetailsInput = {
  /** Trimmed, at most 1000 characters; empty clears it. */
  address?: string | null | undefined;
  /** ≥ 0, at most 4 decimal places and 15 significant digits. */
  annualRevenue?: number | null | undefined;
  /** ISO 4217 code, case-insensitive; required whenever there is a revenue. */
  annualRevenueCurrency?: string | null | undefined;
  /** 0 to 10,000,000. */
  employeeCount?: number | null | undefined;
  /** Trimmed, at most 255 characters; empty clears it. */
  industry?: string | null | undefined;
  /** Not nullable in storage: null is refused. */
  isActive?: boolean | null | undefined;
  /** Absolute http(s) URL (a bare host gets https://), at most 2048 characters. */
  website?: string | null | undefined;
};

/** PATCH semantics: an omitted field stays as it is, an explicit null clears it. */
export type CustomerDetailsPatchInput = {
  /** Trimmed, at most 1000 characters; empty clears it. */
  address?: string | null | undefined;
  /** ≥ 0, at most 4 decimal places and 15 significant digits. */
  annualRevenue?: number | null | undefined;
  /** ISO 4217 code, case-insensitive; required whenever there is a revenue. */
  annualRevenueCurrency?: string | null | undefined;
  /** 0 to 10,000,000. */
  employeeCount?: number | null | undefined;
  /** Trimmed, at most 255 characters; empty clears it. */
  industry?: string | null | undefined;
  /** Not nullable in storage: null is refused. */
  isActive?: boolean | null | undefined;
  /** Absolute http(s) URL (a bare host gets https://), at most 2048 characters. */
  website?: string | null | undefined;
};

export type DetailsOfThreeQueryVariables = Exact<{
  first: string | number;
  second: string | number;
  third: string | number;
}>;


export type DetailsOfThreeQuery = { first: { customerUuid: string, industry: string | null } | null, second: { customerUuid: string, industry: string | null } | null, third: { customerUuid: string, industry: string | null } | null };

export type DetailsThroughFragmentsQueryVariables = Exact<{
  uuid: string | number;
}>;


export type DetailsThroughFragmentsQuery = { inline: { industry: string | null } | null, spread: { industry: string | null } | null };

export type DetailsOfOneFragment = { spread: { industry: string | null } | null };

export type PatchTwoMutationVariables = Exact<{
  first: string | number;
  second: string | number;
  input: CustomerDetailsPatchInput;
}>;


export type PatchTwoMutation = { first: { customerUuid: string, industry: string | null }, second: { customerUuid: string, industry: string | null } };

export type UpdateTwoMutationVariables = Exact<{
  first: string | number;
  second: string | number;
  input: CustomerDetailsInput;
}>;


export type UpdateTwoMutation = { first: { customerUuid: string, industry: string | null }, second: { customerUuid: string, industry: string | null } };

export type CustomerDetailsChangedSubscriptionVariables = Exact<{
  uuid: string | number;
}>;


export type CustomerDetailsChangedSubscription = { customerDetailsChanged: { id: string, customerId: number, customerUuid: string, userId: number | null, door: ChangeDoor, method: ChangeMethod, created: boolean, createdAt: string, changes: Array<{ field: string, old: string | null, new: string | null }> } };

export const DetailsOfOneFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DetailsOfOne"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Query"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"spread"},"name":{"kind":"Name","value":"customerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uuid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}}]}}]} as unknown as DocumentNode<DetailsOfOneFragment, unknown>;
export const DetailsOfThreeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DetailsOfThree"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"second"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"third"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"customerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"customerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"second"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"third"},"name":{"kind":"Name","value":"customerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"third"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}}]}}]} as unknown as DocumentNode<DetailsOfThreeQuery, DetailsOfThreeQueryVariables>;
export const DetailsThroughFragmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DetailsThroughFragments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"uuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DetailsOfOne"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Query"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"inline"},"name":{"kind":"Name","value":"customerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uuid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DetailsOfOne"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Query"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"spread"},"name":{"kind":"Name","value":"customerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uuid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}}]}}]} as unknown as DocumentNode<DetailsThroughFragmentsQuery, DetailsThroughFragmentsQueryVariables>;
export const PatchTwoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PatchTwo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"second"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerDetailsPatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"patchCustomerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"patchCustomerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"second"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}}]}}]} as unknown as DocumentNode<PatchTwoMutation, PatchTwoMutationVariables>;
export const UpdateTwoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTwo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"second"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerDetailsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"updateCustomerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"updateCustomerDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"second"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}}]}}]}}]} as unknown as DocumentNode<UpdateTwoMutation, UpdateTwoMutationVariables>;
export const CustomerDetailsChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CustomerDetailsChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"uuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerDetailsChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uuid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"customerUuid"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"door"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"old"}},{"kind":"Field","name":{"kind":"Name","value":"new"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerDetailsChangedSubscription, CustomerDetailsChangedSubscriptionVariables>;