/** How the store signs in to the Blob service: one of the sets of the `azure` secret schema. */
export type AzureCredentials =
  | { readonly kind: "connection-string"; readonly connectionString: string }
  | { readonly kind: "account-key"; readonly accountName: string; readonly accountKey: string; readonly endpoint: string }
  | { readonly kind: "sas-token"; readonly endpoint: string; readonly sasToken: string };
