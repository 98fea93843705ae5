import { httpRoutes, policyStatements, render, type CfnTemplate } from './templates';

describe('render', () => {
  it('renders intrinsic functions symbolically, so equal ARNs written differently compare equal', () => {
    const viaJoin = {
      'Fn::Join': [
        ':',
        [
          'arn',
          { Ref: 'AWS::Partition' },
          'events',
          { 'Fn::Join': ['/', ['rule', { 'Fn::ImportValue': 'bus' }, 'r']] },
        ],
      ],
    };
    const viaFlatJoin = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:rule/', { 'Fn::ImportValue': 'bus' }, '/r']],
    };
    expect(render(viaJoin)).toBe('arn:${AWS::Partition}:events:rule/${import:bus}/r');
    expect(render(viaFlatJoin)).toBe(render(viaJoin));
    expect(render({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('${Queue.Arn}');
  });
});

describe('policyStatements', () => {
  it('finds the statements of role policies and of resource policies', () => {
    const template: CfnTemplate = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
          },
        },
        QueuePolicy: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: { PolicyDocument: { Statement: { Effect: 'Allow', Action: 'sqs:*' } } },
        },
        Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      },
    };
    expect(policyStatements(template).map(({ owner, statement }) => [owner, statement.Action])).toEqual([
      ['Role', '*'],
      ['QueuePolicy', 'sqs:*'],
    ]);
  });
});

describe('httpRoutes', () => {
  it('resolves each route to its authorizer and the function its integration invokes', () => {
    const authorizer = { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: { AuthorizerType: 'JWT' } };
    const template: CfnTemplate = {
      Resources: {
        Authorizer: authorizer,
        ReadIntegration: {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: { IntegrationUri: { 'Fn::GetAtt': ['ReadLambdaFunction', 'Arn'] } },
        },
        OpenIntegration: {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: { IntegrationUri: { 'Fn::GetAtt': ['OpenLambdaFunction', 'Arn'] } },
        },
        ReadRoute: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: {
            RouteKey: 'GET /read',
            Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'ReadIntegration' }]] },
            AuthorizationType: 'JWT',
            AuthorizerId: { Ref: 'Authorizer' },
          },
        },
        OpenRoute: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: {
            RouteKey: 'GET /open',
            Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'OpenIntegration' }]] },
          },
        },
      },
    };
    expect(httpRoutes(template)).toEqual([
      { routeKey: 'GET /read', authorizationType: 'JWT', authorizer, functionId: 'ReadLambdaFunction' },
      { routeKey: 'GET /open', functionId: 'OpenLambdaFunction' },
    ]);
  });
});
