/** The permission names, as spatie/laravel-permission would store them. */
export const Permissions = {
  DetailsUpdate: "customer.details.update",
  DetailsUpdateOwn: "customer.details.update.own",
  DetailsView: "customer.details.view",
  DetailsViewOwn: "customer.details.view.own",
} as const;

export type PermissionName = (typeof Permissions)[keyof typeof Permissions];

export const ALL_PERMISSIONS: PermissionName[] = Object.values(Permissions);
