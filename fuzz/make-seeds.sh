#!/usr/bin/env bash
# Seeds for the fuzzer: the project's own CSDL fixtures, and the real Graph
# documents from ../shared (copied into the ignored fuzz/seeds folder, never committed).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p seeds
cp ../codegen/tests/fixtures/*.csdl ../codegen/tests/golden/*.csdl seeds/
cp ../metadata/beta/synchronization.csdl seeds/beta-synchronization.csdl
cp ../metadata/v1.0/synchronization.csdl seeds/v1.0-synchronization.csdl
shared=../../shared/graph-metadata
if [ -d "$shared" ]; then
  cp "$shared"/beta-Review-2026-08.csdl "$shared"/beta-GovSG-2026-08.csdl "$shared"/v1.0-GovSG-2026-08.csdl seeds/
else
  echo "==== ../shared/graph-metadata is missing: seeding with the project's fixtures only" >&2
fi

# The fake's request handling (fake_requests): requests as its target reads
# them (method, target, headers, an empty line, the body), one per documented
# call of the workflow (the job's id is the one `answer_in_memory`'s fake makes).
mkdir -p seeds/fake_requests
seed() { printf '%b' "$2" > "seeds/fake_requests/$1"; }
seed list_jobs 'GET\n/v1.0/servicePrincipals/sp-1/synchronization/jobs\n\n'
seed provision 'POST\n/v1.0/servicePrincipals/sp-1/synchronization/jobs/scim.00000000000000000000000000000001.sp-1/provisionOnDemand\ncontent-type: application/json\n\n{"parameters":[{"ruleId":"03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8","subjects":[{"objectId":"u-1","objectTypeName":"User"}]}]}'
seed filter 'GET\n/v1.0/servicePrincipals?$filter=startswith(displayName,%27a%27)%20and%20appRoles/any(r:r/value%20eq%20%27x%27)&$count=true&$top=5\nconsistencylevel: eventual\n\n'
seed search 'GET\n/v1.0/applications?$search=%22displayName:Team%22%20OR%20%22description:x%22&$orderby=displayName%20desc\nconsistencylevel: eventual\n\n'
seed batch 'POST\n/v1.0/$batch\ncontent-type: application/json\n\n{"requests":[{"id":"1","method":"GET","url":"/servicePrincipals/sp-1/synchronization/jobs"},{"id":"2","dependsOn":["1"],"method":"POST","url":"/servicePrincipals/sp-1/synchronization/jobs/scim.00000000000000000000000000000001.sp-1/schema/parseExpression","body":{"expression":"Join(\\" \\", [givenName], [surname])"},"headers":{"content-type":"application/json"}}]}'
seed bulk 'POST\n/v1.0/servicePrincipals/sp-1/synchronization/jobs/scim.00000000000000000000000000000001.sp-1/bulkUpload\ncontent-type: application/scim+json\n\n{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","bulkId":"1","path":"/Users","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"1"}}]}'
seed count 'GET\n/v1.0/servicePrincipals/$count?$filter=appId%20eq%20%27x%27\nconsistencylevel: eventual\n\n'
