-- AlterTable
ALTER TABLE "users" ADD COLUMN     "external_id" VARCHAR(255);

-- CreateIndex
CREATE UNIQUE INDEX "users_external_id_key" ON "users"("external_id");
